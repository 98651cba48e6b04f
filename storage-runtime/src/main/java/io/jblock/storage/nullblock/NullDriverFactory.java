package io.jblock.storage.nullblock;

import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.NodeOptions;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.util.Set;

/**
 * QEMU's {@code null-co} protocol driver (block/null.c), with its options: {@code size} (default
 * 1 GiB), {@code read-zeroes} (default off: reads leave the buffer unchanged, as in QEMU) and
 * {@code latency-ns} (each request takes at least that long). Its only file name is
 * {@code null-co://}. Image creation is refused, as QEMU refuses it. Thread-safe; stateless.
 */
public final class NullDriverFactory implements BlockDriverFactory {

    /** QEMU's default size: 1 GiB. */
    static final long DEFAULT_SIZE = 1L << 30;
    private static final String NAME = "null-co";
    private static final Set<String> OPTIONS = Set.of("filename", "size", "read-zeroes", "latency-ns");

    /** The factory {@link java.util.ServiceLoader} instantiates. */
    public NullDriverFactory() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DriverKind kind() {
        return DriverKind.PROTOCOL;
    }

    @Override
    public Set<String> optionNames() {
        return OPTIONS;
    }

    /** {@return no children: the node is a leaf} */
    @Override
    public java.util.Optional<Set<String>> childRoles() {
        return java.util.Optional.of(Set.of());
    }

    @Override
    public BlockDriver open(OpenContext ctx) throws IOException {
        String node = ctx.nodeName();
        NodeOptions o = ctx.options();
        String filename = o.string("filename").orElse(null);
        // "null-co://" arrives without its "null-co:" prefix when the protocol was chosen by it
        if (filename != null && !filename.equals("//") && !filename.equals(NAME + "://")) {
            throw new InvalidOptionException("The only allowed filename for this driver is 'null-co://'", node,
                    "filename");
        }
        long size = o.size("size", DEFAULT_SIZE);
        if (size < 0) {
            throw new InvalidOptionException("Parameter 'size' must not be negative", node, "size");
        }
        long latency = o.number("latency-ns", 0);
        if (latency < 0) {
            throw new InvalidOptionException("latency-ns is invalid", node, "latency-ns");
        }
        return new NullDriver(node, size, o.bool("read-zeroes", false), latency);
    }

    /** QEMU's null-co has no create: there is nothing to create. */
    @Override
    public void create(CreateContext context) throws IOException {
        throw new IOException("Protocol driver '" + NAME + "' does not support image creation");
    }
}
