package io.jblock.cli;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.CacheMode;
import io.jblock.storage.OpenOptions;
import java.io.IOException;

/**
 * The one place where the CLI reaches the block graph: opening an image by option string and
 * creating one. Everything else talks to {@link BlockNode}.
 */
public final class ImageGraph {
    private ImageGraph() {
    }

    /**
     * Opens the graph an option string describes ({@code driver=qcow2,file.driver=file,
     * file.filename=a.qcow2}); the caller closes the returned root node.
     *
     * @param optionString as {@link io.jblock.storage.BlockGraph#open}
     * @param readOnly open every node read-only
     * @param inactive open every node inactive
     * @param cache the default cache mode
     * @return the root node
     * @throws IOException when the image cannot be opened or read
     */
    public static BlockNode open(String optionString, boolean readOnly, boolean inactive, CacheMode cache)
            throws IOException {
        return open(optionString, readOnly, inactive, cache, false);
    }

    /**
     * As {@link #open(String, boolean, boolean, CacheMode)}; {@code noShare} opens it as qemu-img
     * does (QEMU's BDRV_O_NO_SHARE, {@link OpenOptions#noShare()}): a reader that keeps writers
     * out and cannot open while another process writes the image.
     *
     * @param optionString as {@link io.jblock.storage.BlockGraph#open}
     * @param readOnly open every node read-only
     * @param inactive open every node inactive
     * @param cache the default cache mode
     * @param noShare share neither write nor resize
     * @return the root node
     * @throws IOException when the image cannot be opened or read
     */
    public static BlockNode open(String optionString, boolean readOnly, boolean inactive, CacheMode cache,
                                 boolean noShare) throws IOException {
        return BlockGraph.open(optionString,
                OpenOptions.defaults().readOnly(readOnly).inactive(inactive).cache(cache).noShare(noShare));
    }

    /**
     * Creates an image (qemu-img create): {@code driver} is the format, {@code createOptions}
     * the {@code -o} string (may be empty).
     *
     * @param driver the format
     * @param filename the image
     * @param size virtual size in bytes
     * @param createOptions the {@code -o} string
     * @throws IOException as {@link io.jblock.storage.BlockGraph#create}
     */
    public static void create(String driver, String filename, long size, String createOptions) throws IOException {
        BlockGraph.create(driver, filename, size, createOptions);
    }

    /** As {@link #create(String, String, long, String)}, printing warnings as qemu-img does to {@code err}. */
    public static void create(String driver, String filename, long size, String createOptions,
                              java.io.PrintWriter err) throws IOException {
        BlockGraph.create(driver, filename, size, createOptions, message -> {
            err.println(Main.errorPrefix() + "warning: " + message);
            err.flush();
        });
    }
}
