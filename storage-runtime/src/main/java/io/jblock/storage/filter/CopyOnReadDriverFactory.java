package io.jblock.storage.filter;

import io.jblock.storage.BlockNode;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.ReadOnlyNodeException;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.util.Set;

/**
 * The {@code copy-on-read} filter driver (QEMU's block/copy-on-read.c): reads of ranges its
 * {@code file} child does not hold itself copy the data read (from the child's backing chain)
 * into the child ({@link CopyOnReadDriver}). The child is required and must be writable: on a
 * read-only graph the open fails with "Block node is read-only", as QEMU's permission check.
 * QEMU's {@code bottom} option (stop copying at a node of the backing chain) is refused.
 */
public final class CopyOnReadDriverFactory implements BlockDriverFactory {

    /** The factory {@link java.util.ServiceLoader} instantiates. */
    public CopyOnReadDriverFactory() {
    }

    @Override
    public String name() {
        return "copy-on-read";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.FILTER;
    }

    @Override
    public Set<String> optionNames() {
        return Set.of("bottom");
    }

    @Override
    public java.util.Optional<Set<String>> childRoles() {
        return java.util.Optional.of(Set.of("file"));
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        if (ctx.options().has("bottom")) {
            throw new InvalidOptionException("'bottom' is not supported: jblock copies from the whole backing chain",
                    ctx.nodeName(), "bottom");
        }
        if (ctx.readOnly()) {
            throw new ReadOnlyNodeException("Block node is read-only", ctx.nodeName(), null, -1);
        }
        BlockNode file = ctx.openChild("file", true);
        return new CopyOnReadDriver(file);
    }

    @Override
    public void create(CreateContext context) throws IOException {
        throw new IOException("copy-on-read is a filter: create the image with its own driver, then open it "
                + "under driver=copy-on-read");
    }
}
