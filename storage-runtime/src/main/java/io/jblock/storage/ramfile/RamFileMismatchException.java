package io.jblock.storage.ramfile;

/**
 * The file is valid but does not fit the RAM it is restored into: a block is missing on either
 * side, a block's used length differs from the target segment's size, or the file's page size
 * differs from the page size the restore was asked to use. Thrown before any byte of the
 * target RAM is changed.
 */
public class RamFileMismatchException extends RamFileException {
    private static final long serialVersionUID = 1L;

    /**
     * A file that does not fit the targets.
     *
     * @param what what does not fit
     * @param file the RAM file
     * @param offset where, or -1
     */
    public RamFileMismatchException(String what, String file, long offset) {
        super(what, file, offset);
    }
}
