package io.jblock.storage.ramfile;

/**
 * direct-io was asked for, but the file cannot be used with {@code O_DIRECT}: its filesystem
 * refuses {@code O_DIRECT} (open fails with EINVAL, e.g. procfs, ramfs), or the page size is not
 * a multiple of the file's direct-I/O offset alignment. Thrown when the parameters are checked
 * against the file, before any data is written or read.
 */
public class DirectIoUnsupportedException extends RamFileException {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal of O_DIRECT.
     *
     * @param what what was refused
     * @param file the RAM file
     * @param cause the failed open, or null
     */
    public DirectIoUnsupportedException(String what, String file, Throwable cause) {
        super(what, file, -1, cause);
    }
}
