package io.jblock.storage.graph;

import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.InvalidOptionException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.node.GraphResources;
import io.jblock.storage.options.OptionStrings;
import io.jblock.storage.options.OptionTree;
import io.jblock.storage.options.TreeNodeOptions;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.NodeOptions;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code qemu-img create}: the {@code -o} options go to the named driver; a format driver creates
 * its file through {@link #createFile} with the protocol the file name's prefix names, then opens
 * it read-write (cache=writeback, as qemu-img) to write its metadata. Nodes opened here share
 * one set of graph resources held for the duration of the create. The file protocol's creation
 * options ({@code nocow}, {@code extent_size_hint}) given to a format are handed on to every
 * file it creates, as qemu-img's option lists merge the protocol's into the format's.
 */
public final class ImageCreateContext implements CreateContext {

    private static final Logger LOG = LoggerFactory.getLogger(ImageCreateContext.class);

    /** Creation options of the file protocol that a format's create passes on to its file. */
    private static final List<String> PROTOCOL_OPTIONS = List.of("nocow", "extent_size_hint");

    private final GraphOpener opener;
    private final String driver;
    private final String filename;
    private final long size;
    private final TreeNodeOptions options;
    private final Consumer<String> warnings;

    private ImageCreateContext(GraphOpener opener, String driver, String filename, long size,
                               TreeNodeOptions options, Consumer<String> warnings) {
        this.opener = opener;
        this.driver = driver;
        this.filename = filename;
        this.size = size;
        this.options = options;
        this.warnings = warnings;
    }

    /** As {@link #create(String, String, long, String, Consumer)}, warnings going to the log. */
    public static void create(String driver, String filename, long size, String createOptions) throws IOException {
        create(driver, filename, size, createOptions, message -> LOG.warn("{}", message));
    }

    /**
     * Creates an image. A {@code size} option is accepted in place of {@code size} (when that is
     * 0). Options the driver did not read are refused afterwards; drivers read all their options
     * before writing, so a refused option normally leaves nothing behind. Problems that do not
     * stop the create (QEMU's {@code warn_report}) go to {@code warnings}, one message each.
     *
     * @param driver as {@link io.jblock.storage.BlockGraph#create}
     * @param filename as {@link io.jblock.storage.BlockGraph#create}
     * @param size as {@link io.jblock.storage.BlockGraph#create}
     * @param createOptions as {@link io.jblock.storage.BlockGraph#create}
     * @param warnings receives each warning message
     * @throws IOException as {@link io.jblock.storage.BlockGraph#create}
     */
    public static void create(String driver, String filename, long size, String createOptions,
                              Consumer<String> warnings) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("negative image size " + size);
        }
        TreeNodeOptions options = new TreeNodeOptions(OptionStrings.parseOrEmpty(createOptions), null);
        try {
            if (options.has("size")) {
                long fromOption = options.size("size", 0);
                if (size != 0 && size != fromOption) {
                    throw new InvalidOptionException("Parameter 'size' (" + fromOption
                            + ") contradicts the image size " + size, null, "size");
                }
                size = fromOption;
            }
            GraphResources resources = GraphResources.create("create");
            try {
                DriverRegistry registry = DriverRegistry.load();
                BlockDriverFactory factory = registry.require(driver, null);
                GraphOpener opener = new GraphOpener(registry, resources);
                factory.create(new ImageCreateContext(opener, driver, filename, size, options, warnings));
                options.requireAllUsed();
            } finally {
                resources.release();
            }
        } catch (InvalidOptionException e) {
            InvalidOptionException named = new InvalidOptionException(e.getMessage() + " (creating '" + filename
                    + "' with driver " + driver + ")", null, e.option());
            named.initCause(e);
            throw named;
        }
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public NodeOptions options() {
        return options;
    }

    @Override
    public void createFile(String file, long fileSize, Preallocation prealloc) throws IOException {
        DriverRegistry.ProtocolTarget target = opener.registry().protocolFor(file);
        BlockDriverFactory protocol = opener.registry().require(target.driver(), null);
        OptionTree tree = new OptionTree();
        if (prealloc != null && prealloc != Preallocation.OFF) {
            tree.put("preallocation", prealloc.qemuName());
        }
        // the protocol's own creation options reach it through the format's, as in qemu-img
        for (String protocolOption : PROTOCOL_OPTIONS) {
            options.string(protocolOption).ifPresent(value -> tree.put(protocolOption, value));
        }
        TreeNodeOptions protocolOptions = new TreeNodeOptions(tree, null);
        protocol.create(new ImageCreateContext(opener, target.driver(), target.filename(), fileSize,
                protocolOptions, warnings));
        protocolOptions.requireAllUsed();
    }

    @Override
    public void warn(String message) {
        warnings.accept(message);
    }

    @Override
    public BlockNode openFile(String file) throws IOException {
        DriverRegistry.ProtocolTarget target = opener.registry().protocolFor(file);
        OptionTree tree = new OptionTree();
        tree.put("driver", target.driver());
        tree.put("filename", target.filename());
        return opener.openNode(tree, new Inheritance(CacheMode.WRITEBACK.settings(), false, false, false, false, false, false),
                "file");
    }

    @Override
    public BlockNode openImage(String optionString) throws IOException {
        return opener.openNode(OptionStrings.parse(optionString),
                new Inheritance(CacheMode.WRITEBACK.settings(), true, true, false, false, false, true), null); // NO_IO, as QEMU
    }

    @Override
    public String toString() {
        return "create " + driver + " image '" + filename + "'";
    }
}
