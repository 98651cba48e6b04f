package io.jblock.storage;

import io.jblock.storage.graph.GraphOpener;
import io.jblock.storage.graph.ImageCreateContext;
import java.io.IOException;

/**
 * Opens and creates block graphs from QEMU-style option strings.
 *
 * <p>Option strings take three forms: QEMU's dotted {@code key=value} list
 * ({@code driver=raw,file.driver=file,file.filename=a.img,cache.direct=on}; a comma inside a
 * value is written {@code ,,}), {@code json:{...}}, or a bare file name (no {@code =}) whose
 * format is probed like {@code filename=NAME}. Per node: {@code driver}, {@code node-name}
 * (default: a generated {@code #blockNNN}), {@code read-only}, {@code cache.direct},
 * {@code cache.no-flush}, {@code cache.writeback} and QEMU's {@code cache=MODE} shorthand
 * ({@link CacheMode}), and {@code discard} ({@code ignore}, QEMU's default for the node you
 * open, drops discard requests and MAY_UNMAP there; {@code unmap} passes them on, the default
 * for children since drivers discard only what they mean to); everything else belongs to the
 * driver, and children are configured under
 * their role ({@code file.*}, {@code backing.*}). Children inherit cache switches, read-only and
 * the inactive state unless set on them. Without {@code driver}, a {@code filename} is probed:
 * each format driver's {@link io.jblock.storage.spi.BlockDriverFactory#probe} sees the first 512
 * bytes, and {@code raw} is the fallback; its file is opened with the protocol its
 * {@code NAME:} prefix names, {@code file} by default.
 *
 * <p>Errors: malformed, unknown or unused options fail with {@link InvalidOptionException}
 * (QEMU's words: {@code Invalid parameter 'foo'}) naming the node; I/O failures are
 * {@link BlockIOException}s. A failed open leaves nothing open.
 *
 * <p>The nodes of one graph share a bounce-buffer pool and an {@code aio=threads} engine of at
 * most 64 worker threads; both are released when the graph's last node is closed. Close the
 * returned root node to close the graph.
 */
public final class BlockGraph {

    private BlockGraph() {
    }

    /** Opens the graph {@code optionString} describes and returns its root node. */
    public static BlockNode open(String optionString, OpenOptions options) throws IOException {
        return GraphOpener.open(optionString, options);
    }

    /** Opens read-write, active, cache=writeback unless the string says otherwise. */
    public static BlockNode open(String optionString) throws IOException {
        return open(optionString, OpenOptions.DEFAULT);
    }

    /**
     * Creates an image as {@code qemu-img create -f DRIVER -o OPTIONS FILENAME SIZE}: the options
     * go to the driver; a format driver creates its file with the protocol driver (the
     * {@code NAME:} prefix of the file name, {@code file} by default) and writes its metadata.
     *
     * @param size          virtual size in bytes; 0 when a backing file gives it or the
     *                      {@code size} option does
     * @param createOptions {@code key=value,...}, {@code json:{...}}, or null/empty for none
     */
    public static void create(String driver, String filename, long size, String createOptions) throws IOException {
        ImageCreateContext.create(driver, filename, size, createOptions);
    }

    /**
     * As {@link #create(String, String, long, String)}; problems that do not stop the create
     * (an extent size hint the file system refuses) go to {@code warnings}, one message each.
     */
    public static void create(String driver, String filename, long size, String createOptions,
                              java.util.function.Consumer<String> warnings) throws IOException {
        ImageCreateContext.create(driver, filename, size, createOptions, warnings);
    }
}
