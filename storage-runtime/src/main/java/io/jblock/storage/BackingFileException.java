package io.jblock.storage;

/**
 * A node's backing file could not be opened (QEMU's bdrv_open_backing_file): the reason is
 * {@code Could not open backing file: } followed by the backing node's own failure, which is the
 * cause. Option errors of the backing node stay {@link InvalidOptionException}s, worded the same
 * way.
 */
public final class BackingFileException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    /** QEMU's words in front of the backing node's failure. */
    public static final String PREFIX = "Could not open backing file: ";

    /**
     * A backing file that failed to open.
     *
     * @param nodeName the node whose backing file it is
     * @param cause the backing node's failure
     */
    public BackingFileException(String nodeName, java.io.IOException cause) {
        super(PREFIX + cause.getMessage(), nodeName, null, -1, cause instanceof BlockIOException b ? b.errno() : 0,
                cause);
    }
}
