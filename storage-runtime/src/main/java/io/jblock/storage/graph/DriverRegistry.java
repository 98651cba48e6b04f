package io.jblock.storage.graph;

import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.DriverKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

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

    /**
     * A file name resolved to a protocol driver and the name that driver should see.
     *
     * @param driver the protocol driver's name
     * @param filename the name it sees (without the prefix)
     */
    public record ProtocolTarget(String driver, String filename) {
    }

    private final Map<String, BlockDriverFactory> byName = new TreeMap<>();

    private DriverRegistry() {
    }

    /**
     * Loads every factory visible now.
     *
     * @return a registry of the factories ServiceLoader finds now
     */
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

    /**
     * {@return the factory named {@code name}; QEMU's "Unknown driver" otherwise}
     *
     * @param name the driver name
     * @param nodeName the node, for the message; may be null
     */
    public BlockDriverFactory require(String name, String nodeName) {
        BlockDriverFactory f = byName.get(name);
        if (f == null) {
            throw new InvalidOptionException("Unknown driver '" + name + "'", nodeName, "driver");
        }
        return f;
    }

    /** {@return format drivers that may recognise an image, by name, without the raw fallback} */
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
     * {@return QEMU's bdrv_find_protocol: a name whose first {@code ':'} comes before any {@code
     * '/'} ({@code nbd://host/export}, {@code file:a.img}) names a protocol driver of that name (it
     * sees the rest of the name) or a filter driver of that name (it sees the whole name and parses
     * its own syntax, as QEMU's {@code blkdebug:CONFIG:IMAGE}); anything else is a local file for
     * {@value #DEFAULT_PROTOCOL}} A local file whose name has a colon is written {@code ./a:b.img}
     * or {@code file:a:b.img}, as in QEMU; the latter's file is then named {@code ./a:b.img}.
     *
     * @param filename a file name, maybe with a {@code PROTOCOL:} prefix
     * @throws InvalidOptionException {@code Unknown protocol 'NAME'} (QEMU's words) when no
     *                                protocol or filter driver has that name
     */
    public ProtocolTarget protocolFor(String filename) {
        int colon = filename.indexOf(':');
        int slash = filename.indexOf('/');
        if (colon > 0 && (slash < 0 || colon < slash)) {
            String protocol = filename.substring(0, colon);
            BlockDriverFactory f = byName.get(protocol);
            if (f == null || (f.kind() != DriverKind.PROTOCOL && f.kind() != DriverKind.FILTER)) {
                throw new InvalidOptionException("Unknown protocol '" + protocol + "'", null, "filename");
            }
            if (f.kind() == DriverKind.FILTER) {
                return new ProtocolTarget(f.name(), filename);
            }
            String rest = filename.substring(colon + 1);
            // QEMU's bdrv_parse_filename_strip_prefix: "file:a:b.img" is the relative file "./a:b.img",
            // so that the name left after the prefix does not look like another protocol
            return new ProtocolTarget(f.name(), io.jblock.storage.FilenameSyntax.hasProtocol(rest) ? "./" + rest : rest);
        }
        return new ProtocolTarget(DEFAULT_PROTOCOL, filename);
    }
}
