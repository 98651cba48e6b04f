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
     */
    public static BlockNode open(String optionString, boolean readOnly, boolean inactive, CacheMode cache)
            throws IOException {
        return BlockGraph.open(optionString, new OpenOptions(readOnly, inactive, cache));
    }

    /**
     * Creates an image (qemu-img create): {@code driver} is the format, {@code createOptions}
     * the {@code -o} string (may be empty).
     */
    public static void create(String driver, String filename, long size, String createOptions) throws IOException {
        BlockGraph.create(driver, filename, size, createOptions);
    }
}
