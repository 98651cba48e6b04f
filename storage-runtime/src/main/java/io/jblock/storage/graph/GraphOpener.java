package io.jblock.storage.graph;

import io.jblock.storage.BlockChild;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheSettings;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.node.DriverNode;
import io.jblock.storage.node.GraphResources;
import io.jblock.storage.node.NodeSettings;
import io.jblock.storage.node.ProbedRawGuard;
import io.jblock.storage.options.OptionStrings;
import io.jblock.storage.options.OptionTree;
import io.jblock.storage.options.TreeNodeOptions;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.DriverKind;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a graph of nodes from an option tree, QEMU's bdrv_open: resolves the driver (explicit,
 * by file-name prefix for protocols, or by probing the first sector for formats), names the node,
 * works out inherited settings, lets the driver open its children through a
 * {@link NodeOpenContext}, refuses options nobody read, and wraps the driver in the generic layer.
 * On any failure everything opened so far is closed again.
 */
public final class GraphOpener {

    private static final int MAX_NODE_NAME = 31;
    private static final AtomicLong AUTO_NAMES = new AtomicLong();
    private static final Logger LOG = LoggerFactory.getLogger(GraphOpener.class);

    private final DriverRegistry registry;
    private final GraphResources resources;

    GraphOpener(DriverRegistry registry, GraphResources resources) {
        this.registry = registry;
        this.resources = resources;
    }

    /**
     * Opens the graph an option string describes.
     *
     * @param optionString as {@link io.jblock.storage.BlockGraph#open}
     * @param options as {@link io.jblock.storage.BlockGraph#open}
     * @return the root node
     * @throws IOException as {@link io.jblock.storage.BlockGraph#open}
     */
    public static BlockNode open(String optionString, OpenOptions options) throws IOException {
        OptionTree tree = OptionStrings.parse(optionString);
        GraphResources resources = GraphResources.create("graph");
        try {
            GraphOpener opener = new GraphOpener(DriverRegistry.load(), resources);
            Inheritance root = new Inheritance(options.cacheMode().settings(), options.isReadOnly(),
                    options.isReadOnly(), options.isInactive(), options.isNoShare(), options.isForceShare(),
                    options.isNoIo());
            return opener.openNode(tree, root, null);
        } finally {
            resources.release(); // the nodes hold their own references
        }
    }

    DriverRegistry registry() {
        return registry;
    }

    /**
     * Opens one node and, through its driver, its children.
     *
     * @param tree the node's options (modified: a resolved driver and file name are filled in)
     * @param role the role under the parent ({@code file}, {@code backing}), null for a root
     */
    DriverNode openNode(OptionTree tree, Inheritance inherited, String role) throws IOException {
        boolean hadDriver = tree.get("driver") != null;
        String driverName = resolveDriver(tree, inherited, role);
        boolean probedRaw = !hadDriver && DriverRegistry.FALLBACK_FORMAT.equals(driverName) && !"file".equals(role);
        if (role != null) {
            // QEMU: drivers send discards only when they mean them, so children default to unmap
            tree.putDefault("discard", "unmap");
        }
        String nodeName = nodeName(tree);
        resources.claimNodeName(nodeName);
        boolean nameHeld = true;
        try {
            TreeNodeOptions options = new TreeNodeOptions(tree, nodeName);
            options.string("driver");
            options.string("node-name");
            BlockDriverFactory factory = registry.require(driverName, nodeName);
            boolean readOnlyOption = options.bool("read-only", inherited.readOnly());
            boolean readOnly = inherited.forceReadOnly() || readOnlyOption;
            CacheSettings cache = inherited.cacheFor(tree, nodeName);
            options.string("cache.writeback");
            options.string("cache.direct");
            options.string("cache.no-flush");
            boolean discardUnmap = discardMode(options.string("discard").orElse("ignore"), nodeName);
            boolean forceShare = options.bool("force-share", inherited.forceShare());
            if (forceShare && !readOnly) {
                throw new InvalidOptionException("force-share=on can only be used with read-only images", nodeName,
                        "force-share");
            }
            // before the driver opens anything (a child, a lock): a misspelt option is an option
            // error even when the image is in use
            refuseUnknownOptions(tree, factory, nodeName);
            NodeOpenContext context = new NodeOpenContext(this, nodeName, options, cache, readOnly,
                    inherited.forChild(cache, readOnly, forceShare));
            BlockDriver driver;
            try {
                driver = factory.open(context);
            } catch (IllegalArgumentException e) {
                // a driver's own "bad option value" becomes the one exception type option errors have
                RuntimeException named = e instanceof InvalidOptionException ? e : asOptionError(e, nodeName);
                context.closeChildren(named);
                throw named;
            } catch (IOException | RuntimeException | Error e) {
                context.closeChildren(e);
                throw e;
            }
            DriverNode node;
            try {
                options.requireAllUsed();
                ProbedRawGuard guard = probedRaw && !readOnly ? new ProbedRawGuard(registry.probingFormats()) : null;
                if (guard != null) {
                    LOG.warn("Image format was not specified for '{}' and probing guessed raw; writes that would"
                            + " make block 0 look like another format are refused. Specify driver=raw to remove"
                            + " the restriction.", filenameOf(tree, driver, factory));
                }
                NodeSettings settings = new NodeSettings(nodeName, driverName, filenameOf(tree, driver, factory), cache,
                        readOnly, inherited.inactive(), discardUnmap);
                node = DriverNode.open(settings, driver, context.children(), resources, guard);
            } catch (IOException | RuntimeException | Error e) {
                try {
                    driver.close();
                } catch (IOException | RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                context.closeChildren(e);
                throw e;
            }
            nameHeld = false; // the node releases its name when it is closed
            return node;
        } catch (InvalidOptionException e) {
            throw e.forNode(nodeName);
        } finally {
            if (nameHeld) {
                resources.releaseNodeName(nodeName);
            }
        }
    }

    /** Options every node takes, whatever its driver (QEMU's bdrv_runtime_opts and the cache shorthand). */
    private static final java.util.Set<String> GENERIC_OPTIONS = java.util.Set.of("driver", "node-name", "read-only",
            "discard", "force-share", "cache", "cache.writeback", "cache.direct", "cache.no-flush");

    /**
     * QEMU's {@code Invalid parameter 'NAME'} for a key that neither the generic layer nor the
     * driver takes ({@link BlockDriverFactory#optionNames()}) and that is not under one of the
     * driver's children ({@link BlockDriverFactory#childRoles()}). Drivers whose factory does not
     * list its children are left to the check after open ({@code requireAllUsed}).
     */
    private static void refuseUnknownOptions(OptionTree tree, BlockDriverFactory factory, String nodeName) {
        java.util.Optional<java.util.Set<String>> declared = factory.childRoles();
        if (declared.isEmpty()) {
            return;
        }
        java.util.Set<String> roles = declared.get();
        java.util.Set<String> names = factory.optionNames();
        for (String leaf : tree.leafPaths()) {
            String first = leaf.contains(".") ? leaf.substring(0, leaf.indexOf('.')) : leaf;
            // names.contains(first): an option that is a group of numbered sections (blkdebug's
            // inject-error.N.KEY, set-state.N.KEY), whose keys the driver checks itself
            if (GENERIC_OPTIONS.contains(leaf) || names.contains(leaf) || names.contains(first)
                    || roles.contains(first)) {
                continue;
            }
            throw new InvalidOptionException("Invalid parameter '" + leaf + "'", nodeName, leaf);
        }
    }

    private static InvalidOptionException asOptionError(IllegalArgumentException e, String nodeName) {
        InvalidOptionException named = new InvalidOptionException(e.getMessage(), nodeName, null);
        named.initCause(e);
        return named;
    }

    /** QEMU's {@code discard}: {@code ignore}/{@code off} or {@code unmap}/{@code on}. */
    private static boolean discardMode(String text, String nodeName) {
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "ignore", "off" -> false;
            case "unmap", "on" -> true;
            default -> throw new InvalidOptionException("Parameter 'discard' expects 'ignore' or 'unmap'",
                    nodeName, "discard");
        };
    }

    /** The node's own file name option, else its first child's file; a filter's is always its child's. */
    private static String filenameOf(OptionTree tree, BlockDriver driver, BlockDriverFactory factory) {
        if (factory.kind() != DriverKind.FILTER && tree.get("filename") instanceof String s) {
            return s;
        }
        List<BlockChild> children = driver.children();
        return children.isEmpty() ? null : children.get(0).node().filename();
    }

    private String nodeName(OptionTree tree) {
        Object v = tree.get("node-name");
        if (v == null) {
            return String.format("#block%03d", AUTO_NAMES.incrementAndGet());
        }
        if (!(v instanceof String name) || !wellFormed(name)) {
            throw new InvalidOptionException("Invalid node-name: '" + v + "' (a letter, then letters, digits,"
                    + " '-', '.' or '_')", null, "node-name");
        }
        if (name.length() > MAX_NODE_NAME) {
            throw new InvalidOptionException("Node name too long: '" + name + "'", null, "node-name");
        }
        return name;
    }

    /** QEMU's id_wellformed. */
    private static boolean wellFormed(String id) {
        if (id.isEmpty() || !Character.isLetter(id.charAt(0)) || id.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.'
                    || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fills in {@code driver} when it is absent: the {@code file} child is a protocol node chosen
     * by the file name's prefix; any other node with a file name is probed for its format and
     * gets that file as its {@code file} child.
     */
    private String resolveDriver(OptionTree tree, Inheritance inherited, String role) throws IOException {
        Object d = tree.get("driver");
        if (d instanceof String name) {
            fileNameToFileChild(tree, name);
            return name;
        }
        if (d != null) {
            throw new InvalidOptionException("Parameter 'driver' expects a driver name", null, "driver");
        }
        if (role == null && tree.get("filename") == null && tree.get("file") instanceof String name) {
            tree.remove("file"); // -drive file=NAME: the image to probe
            tree.put("filename", name);
        }
        if (!(tree.get("filename") instanceof String filename)) {
            throw new InvalidOptionException("Parameter 'driver' is missing", null, "driver");
        }
        if ("file".equals(role) || "image".equals(role)) { // a filter's image child is a protocol node too (QEMU)
            DriverRegistry.ProtocolTarget t = registry.protocolFor(filename);
            tree.put("driver", t.driver());
            tree.put("filename", t.filename());
            return t.driver();
        }
        // as -drive file=NAME,file.locking=off: file.* options configure the protocol node
        Object given = tree.get("file");
        OptionTree file = given instanceof OptionTree t ? t : new OptionTree();
        if ((given != null && given != file) || file.get("filename") != null || file.get("driver") != null) {
            throw new InvalidOptionException("Cannot probe a format when 'filename' and 'file' (or"
                    + " 'file.filename', 'file.driver') are both given", null, "file");
        }
        String format = probeFormat(filename, tree, file, inherited);
        tree.remove("filename");
        tree.put("driver", format);
        file.put("filename", filename);
        tree.put("file", file);
        return format;
    }

    /**
     * QEMU's bdrv_open_inherit: a file name given to a node whose driver takes no file name of its
     * own but has a {@code file} child (a format, a filter such as copy-on-read) opens that child:
     * {@code driver=qcow2,filename=X} is {@code driver=qcow2,file.filename=X}.
     */
    private void fileNameToFileChild(OptionTree tree, String driver) {
        if (!(tree.get("filename") instanceof String filename) || tree.get("file") != null) {
            return;
        }
        BlockDriverFactory f;
        try {
            f = registry.require(driver, null);
        } catch (InvalidOptionException unknown) {
            return; // reported where the driver is looked up
        }
        if (f.optionNames().contains("filename") || !f.childRoles().map(r -> r.contains("file")).orElse(false)) {
            return;
        }
        tree.remove("filename");
        OptionTree file = new OptionTree();
        file.put("filename", filename);
        tree.put("file", file);
    }

    /** Reads the first sector through a temporary read-only protocol node and asks each format. */
    private String probeFormat(String filename, OptionTree tree, OptionTree fileOptions, Inheritance inherited)
            throws IOException {
        List<BlockDriverFactory> formats = registry.probingFormats();
        OptionTree probeTree = fileOptions.copy();
        probeTree.put("filename", filename);
        CacheSettings cache = inherited.cacheFor(tree, null);
        Inheritance probe = new Inheritance(cache, true, true, inherited.inactive(), inherited.noShare(),
                inherited.forceShare(), inherited.noIo());
        String found = null;
        try (BlockNode node = openNode(probeTree, probe, "file");
             Arena arena = Arena.ofConfined()) {
            MemorySegment first = arena.allocate(ProbedRawGuard.PROBE_BYTES); // zeroed: a short file probes as zeroes
            node.read(0, first.asSlice(0, Math.min(ProbedRawGuard.PROBE_BYTES, node.size())));
            for (BlockDriverFactory f : formats) {
                if (f.probe(first, filename)) {
                    found = f.name();
                    break;
                }
            }
        }
        if (found == null) {
            found = DriverRegistry.FALLBACK_FORMAT;
            registry.require(found, null);
        }
        return found;
    }
}
