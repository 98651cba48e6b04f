package io.jblock.storage.ramfile;

/**
 * The file is not a valid RAM snapshot file: wrong magic, unsupported version, a header field
 * out of range, an offset that is misaligned or points outside the file, or a file shorter than
 * its headers say (truncated). Nothing is written to the target RAM before the whole file's
 * headers and bitmaps have passed these checks.
 */
public class RamFileFormatException extends RamFileException {
    private static final long serialVersionUID = 1L;

    /**
     * A malformed file.
     *
     * @param what what is wrong
     * @param file the RAM file
     * @param offset where, or -1
     */
    public RamFileFormatException(String what, String file, long offset) {
        super(what, file, offset);
    }
}
