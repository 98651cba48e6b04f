package io.jblock.storage.filter;

import io.jblock.storage.BlockNode;
import io.jblock.storage.UnsupportedImageException;
import io.jblock.storage.feature.CompressedWriter;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code compress} filter driver (QEMU's block/filter-compress.c): every write through it
 * reaches its {@code file} child as a compressed write, unit by unit (qcow2: cluster by
 * cluster); the generic layer pads a write that does not cover whole units with what the child
 * holds. Reads, write-zeroes, discards, flushes and resizes pass through. The child's format must
 * write compressed data; a unit written before cannot be written compressed again (as in QEMU,
 * the write fails).
 */
public final class CompressDriverFactory implements BlockDriverFactory {

    /** The factory {@link java.util.ServiceLoader} instantiates. */
    public CompressDriverFactory() {
    }

    @Override
    public String name() {
        return "compress";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FILTER;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of();
    }

    @Override
    public Optional<Set<String>> childRoles() {
        return Optional.of(Set.of("file"));
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        BlockNode file = ctx.openChild("file", true);
        Optional<CompressedWriter> writer = file.driverFeature(CompressedWriter.class);
        if (writer.isEmpty()) {
            // (the opener closes the child again)
            throw new UnsupportedImageException("Compression is not supported for underlying format: "
                    + file.driverName(), ctx.nodeName(), file.filename(), -1);
        }
        return new CompressDriver(file, writer.get());
    }

    @Override
    public void create(CreateContext context) throws IOException {
        throw new IOException("Driver 'compress' does not support image creation");
    }
}
