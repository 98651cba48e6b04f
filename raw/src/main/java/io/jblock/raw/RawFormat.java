package io.jblock.raw;

import io.jblock.storage.BlockNode;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.util.Set;

/**
 * The {@code raw} format (QEMU block/raw-format.c): the virtual disk is the bytes of the
 * {@code file} child, or with the options {@code offset} and {@code size} the window
 * {@code [offset, offset + size)} of them. Checks at open, with QEMU's messages: the offset lies
 * inside the file, offset + size does too, and size is a multiple of 512. A node with
 * {@code size} cannot be resized. Raw never claims an image when probing: it is the fallback.
 * Create makes the file with the protocol driver, honouring {@code preallocation}.
 */
public final class RawFormat implements BlockDriverFactory {

    /** QEMU's BDRV_SECTOR_SIZE: a fixed {@code size} must be a multiple of it. */
    static final int SECTOR = 512;

    /** The factory ServiceLoader instantiates. */
    public RawFormat() {
    }

    @Override
    public String name() {
        return "raw";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FORMAT;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("offset", "size");
    }

    @Override
    public java.util.Optional<Set<String>> childRoles() {
        return java.util.Optional.of(Set.of("file"));
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        long offset = ctx.options().size("offset", 0);
        boolean hasSize = ctx.options().has("size");
        long size = ctx.options().size("size", 0);
        BlockNode file = ctx.openChild("file", true);
        long fileSize = file.size();
        if (offset > fileSize) {
            throw new InvalidOptionException("Offset (" + offset + ") cannot be greater than size of the containing"
                    + " file (" + fileSize + ")", ctx.nodeName(), "offset");
        }
        if (hasSize && fileSize - offset < size) {
            throw new InvalidOptionException("The sum of offset (" + offset + ") and size (" + size + ") has to be"
                    + " smaller or equal to the actual size of the containing file (" + fileSize + ")",
                    ctx.nodeName(), "size");
        }
        if (hasSize && size % SECTOR != 0) {
            throw new InvalidOptionException("Specified size is not multiple of " + SECTOR, ctx.nodeName(), "size");
        }
        return new RawDriver(ctx.nodeName(), file, offset, hasSize ? size : -1);
    }

    @Override
    public void create(CreateContext ctx) throws IOException {
        // QEMU's raw create hands its options to the protocol: preallocation is the only one
        Preallocation prealloc = Preallocation.parse(ctx.options().string("preallocation", "off"));
        if (prealloc == Preallocation.METADATA) {
            throw new InvalidOptionException("Invalid preallocation mode 'metadata' for a raw image"
                    + " (expected off, falloc or full)", null, "preallocation");
        }
        ctx.createFile(ctx.filename(), ctx.size(), prealloc);
    }
}
