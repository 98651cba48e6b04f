package io.jblock.storage;

/**
 * A format driver found the image's metadata inconsistent or hostile: a size or offset outside
 * the format's limits, a table outside the file, a misaligned offset, a reference count that
 * does not match. The message names the node, the file and the offset of the offending
 * metadata. Nothing was allocated or written from the bad value; a writable qcow2 node also
 * marks the image corrupt on disk (QEMU's {@code qcow2_signal_corruption}) and refuses further
 * writes until it is repaired ({@code qemu-img check -r all}).
 *
 * <p>Thrown by every {@link BlockNode} method that reads metadata: open, {@code read},
 * {@code write}, {@code writeZeroes}, {@code discard}, {@code blockStatus}, {@code activate}.
 */
public class CorruptImageException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception about the metadata of {@code nodeName}'s image.
     *
     * @param what     what is wrong with the metadata, without node, file or offset
     * @param nodeName the node
     * @param filename the node's file, or null
     * @param offset   the file offset of the offending metadata, or -1
     */
    public CorruptImageException(String what, String nodeName, String filename, long offset) {
        super(what, nodeName, filename, offset);
    }

    /** QEMU's line for the corruption event this failure raised, or null. */
    private volatile String corruptionEvent;

    /**
     * {@return the line QEMU prints on standard error for the corruption event this failure
     * raised (qcow2_signal_corruption: "qcow2: Marking image as corrupt: ...; further corruption
     * events will be suppressed"), when the driver marked the image corrupt because of it;
     * empty otherwise} Tools that imitate QEMU's print it before the request's own failure.
     */
    public java.util.Optional<String> corruptionEvent() {
        return java.util.Optional.ofNullable(corruptionEvent);
    }

    /**
     * Records that the driver marked the image corrupt because of this failure.
     *
     * @param line QEMU's standard-error line for the event
     */
    public void recordCorruptionEvent(String line) {
        this.corruptionEvent = line;
    }
}
