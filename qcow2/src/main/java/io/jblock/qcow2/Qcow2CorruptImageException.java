package io.jblock.qcow2;

import io.jblock.storage.CorruptImageException;

/**
 * The image's metadata is inconsistent or hostile: a size or offset outside QEMU's limits,
 * a table outside the file, a misaligned offset. The message names the node, the file and the
 * offset of the offending metadata; nothing was allocated from the bad value.
 */
public class Qcow2CorruptImageException extends CorruptImageException {
    private static final long serialVersionUID = 1L;

    /**
     * A corruption found in the image's metadata.
     *
     * @param what what is wrong, without node, file or offset
     * @param nodeName the node
     * @param filename the image file
     * @param offset the file offset of the offending metadata, or -1
     */
    public Qcow2CorruptImageException(String what, String nodeName, String filename, long offset) {
        super("corrupt qcow2 image: " + what, nodeName, filename, offset);
        this.what = what;
    }

    /** What is wrong, as the message says it after its prefix. */
    private final String what;

    /** {@return what is wrong, without the "corrupt qcow2 image: " prefix, node, file or offset} */
    public String what() {
        return what;
    }
}
