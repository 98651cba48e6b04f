package io.jblock.qcow2;

import io.jblock.storage.UnsupportedImageException;

/**
 * The image uses something this driver does not implement (an unknown incompatible feature,
 * encryption, a header version other than 2 or 3), or the request needs a feature that is
 * only partly implemented. The message says which.
 */
public class Qcow2UnsupportedException extends UnsupportedImageException {
    private static final long serialVersionUID = 1L;

    /**
     * Something the image or the request needs that this driver lacks.
     *
     * @param what what is not supported
     * @param nodeName the node
     * @param filename the image file
     * @param offset the offset concerned, or -1
     */
    public Qcow2UnsupportedException(String what, String nodeName, String filename, long offset) {
        super(what, nodeName, filename, offset);
    }

    /**
     * Something the image or the request needs that this driver lacks, with QEMU's errno.
     *
     * @param what what is not supported
     * @param nodeName the node
     * @param filename the image file
     * @param offset the offset concerned, or -1
     * @param errno the errno QEMU returns for it
     */
    public Qcow2UnsupportedException(String what, String nodeName, String filename, long offset, int errno) {
        super(what, nodeName, filename, offset, errno);
    }
}
