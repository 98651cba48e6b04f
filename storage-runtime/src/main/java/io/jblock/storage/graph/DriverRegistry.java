package io.jblock.storage.graph;

import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.DriverKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The block drivers available, found with {@link ServiceLoader} (module {@code provides} or
 * {@code META-INF/services}) through the thread's context class loader, falling back to this
 * module's loader. Loaded afresh for each open or create, which are rare.
 */
public final class DriverRegistry {

    /** The protocol used for a file name without a {@code PROTOCOL:} prefix. */
    public static final String DEFAULT_PROTOCOL = "file";
    /** The format used when no format's probe recognises an image. */
    public static final String FALLBACK_FORMAT = "raw";

    private static final Pattern PROTOCOL_PREFIX = Pattern.compile("([A-Za-z0-9+.-]+):(.*)", Pattern.DOTALL);

    /** A file name resolved to a protocol driver and the name that driver should see. */
    public record ProtocolTarget(String driver, String filename) {
    }

    private final Map<String, BlockDriverFactory> byName = new TreeMap<>();

    private DriverRegistry() {
    }

    /** Loads every factory visible now. */
    public static DriverRegistry load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = DriverRegistry.class.getClassLoader();
        }
        DriverRegistry r = new DriverRegistry();
        for (BlockDriverFactory f : ServiceLoader.load(BlockDriverFactory.class, loader)) {
            BlockDriverFactory existing = r.byName.putIfAbsent(f.name(), f);
            if (existing != null && existing.getClass() != f.getClass()) {
                throw new IllegalStateException("two block drivers are named '" + f.name() + "': "
                        + existing.getClass().getName() + " and " + f.getClass().getName());
            }
        }
        return r;
    }

    /** The factory named {@code name}; QEMU's "Unknown driver" otherwise. */
    public BlockDriverFactory require(String name, String nodeName) {
        BlockDriverFactory f = byName.get(name);
        if (f == null) {
            throw new InvalidOptionException("Unknown driver '" + name + "'", nodeName, "driver");
        }
        return f;
    }

    /** Format drivers that may recognise an image, by name, without the raw fallback. */
    public List<BlockDriverFactory> probingFormats() {
        List<BlockDriverFactory> out = new ArrayList<>();
        for (BlockDriverFactory f : byName.values()) {
            if (f.kind() == DriverKind.FORMAT && !f.name().equals(FALLBACK_FORMAT)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * QEMU's bdrv_find_protocol: {@code NAME:rest} names the protocol NAME when a protocol driver
     * of that name exists (the driver then sees {@code rest}), or the filter NAME when a filter
     * driver of that name exists (it sees the whole name and parses its own syntax, as QEMU's
     * {@code blkdebug:CONFIG:IMAGE}); anything else is a local file.
     */
    public ProtocolTarget protocolFor(String filename) {
        Matcher m = PROTOCOL_PREFIX.matcher(filename);
        if (m.matches()) {
            BlockDriverFactory f = byName.get(m.group(1));
            if (f != null && f.kind() == DriverKind.PROTOCOL) {
                return new ProtocolTarget(f.name(), m.group(2));
            }
            if (f != null && f.kind() == DriverKind.FILTER) {
                return new ProtocolTarget(f.name(), filename);
            }
        }
        return new ProtocolTarget(DEFAULT_PROTOCOL, filename);
    }
}
