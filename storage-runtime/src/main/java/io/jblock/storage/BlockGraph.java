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
 * most 64 worker threads with a queue of at most 1024 requests (callers beyond it block; see
 * {@link BlockNode#readAsync}); both are released when the graph's last node is closed. A file
 * node with {@code aio=io_uring} has its own ring and ring thread, released with the node. Close
 * the returned root node to close the graph.
 *
 * <p>Thread safety: stateless; graphs may be opened and created from many threads at once, and
 * two graphs share nothing (two graphs on one image exclude each other through QEMU's image locks
 * as two processes would). Every option is described in {@code docs/options.md}.
 */
public final class BlockGraph {

    private BlockGraph() {
    }

    /**
     * Opens the graph {@code optionString} describes and returns its root node.
     *
     * @param optionString {@code key=value,...}, {@code json:{...}} or a file name
     * @param options      read-only, inactive, default cache mode, sharing
     * @return the root node; closing it closes the graph
     * @throws InvalidOptionException a malformed, unknown, duplicated or unused option, an
     *                                unknown driver or protocol (an unchecked exception)
     * @throws ImageLockedException   another process holds the image (QEMU's image locking)
     * @throws CorruptImageException  the image's metadata is bad
     * @throws UnsupportedImageException the image uses a feature the driver lacks
     * @throws IOException            as {@link BlockIOException} for any other failure (a missing
     *                                file: errno ENOENT)
     */
    public static BlockNode open(String optionString, OpenOptions options) throws IOException {
        return GraphOpener.open(optionString, options);
    }

    /**
     * Opens read-write, active, cache=writeback unless the string says otherwise:
     * {@code open(optionString, OpenOptions.defaults())}.
     *
     * @param optionString {@code key=value,...}, {@code json:{...}} or a file name
     * @return the root node; closing it closes the graph
     * @throws IOException as {@link #open(String, OpenOptions)}
     */
    public static BlockNode open(String optionString) throws IOException {
        return open(optionString, OpenOptions.DEFAULT);
    }

    /**
     * Creates an image as {@code qemu-img create -f DRIVER -o OPTIONS FILENAME SIZE}: the options
     * go to the driver; a format driver creates its file with the protocol driver (the
     * {@code NAME:} prefix of the file name, {@code file} by default) and writes its metadata.
     *
     * @param driver        the format ({@code qcow2}, {@code raw}) or protocol ({@code file})
     * @param filename      the image file, with an optional {@code PROTOCOL:} prefix
     * @param size          virtual size in bytes; 0 when a backing file gives it or the
     *                      {@code size} option does
     * @param createOptions {@code key=value,...}, {@code json:{...}}, or null/empty for none
     *                      (qcow2: {@code cluster_size}, {@code compat}, ...; see {@code docs/options.md})
     * @throws InvalidOptionException an unknown or malformed option (nothing is created)
     * @throws ImageLockedException   another process holds an existing image of that name
     * @throws IOException            as {@link BlockIOException} for a failed system call
     */
    public static void create(String driver, String filename, long size, String createOptions) throws IOException {
        ImageCreateContext.create(driver, filename, size, createOptions);
    }

    /**
     * As {@link #create(String, String, long, String)}; problems that do not stop the create
     * (an extent size hint the file system refuses) go to {@code warnings}, one message each.
     *
     * @param driver        as {@link #create(String, String, long, String)}
     * @param filename      as {@link #create(String, String, long, String)}
     * @param size          as {@link #create(String, String, long, String)}
     * @param createOptions as {@link #create(String, String, long, String)}
     * @param warnings      receives each warning, without a {@code warning:} prefix
     * @throws IOException  as {@link #create(String, String, long, String)}
     */
    public static void create(String driver, String filename, long size, String createOptions,
                              java.util.function.Consumer<String> warnings) throws IOException {
        ImageCreateContext.create(driver, filename, size, createOptions, warnings);
    }
}
