package io.jblock.storage;

/**
 * Another process (or another node of this one) holds the image in a way that conflicts with
 * this open or activation: QEMU's image locking, with QEMU's words. {@link #permission()} names
 * the QEMU permission concerned ({@code "write"}, {@code "consistent read"}, {@code "resize"},
 * {@code "write unchanged"}) and {@link #sharedConflict()} says which way the conflict goes:
 *
 * <ul>
 *   <li>{@code Failed to get "write" lock}: this node wants the permission and another user
 *       refuses to share it ({@code sharedConflict() == false});</li>
 *   <li>{@code Failed to get shared "write" lock}: another user holds the permission and this
 *       node refuses to share it ({@code sharedConflict() == true}), e.g. a writer while the image
 *       is opened read-only with {@code OpenOptions.noShare()}.</li>
 * </ul>
 *
 * <p>The message is one line: the conflict, then QEMU's second line after {@code "; "}
 * ({@code Is another process using the image [FILE]?}, also {@link #qemuHint()}). {@link #errno()}
 * is EAGAIN (11), as the failed lock reported. Nothing was left locked. Thrown by
 * {@link BlockGraph#open} and {@link BlockNode#activate()}; retry once the other user is gone, or
 * open read-only with {@code force-share=on} ({@link OpenOptions#forceShare()}) to read anyway.
 */
public class ImageLockedException extends BlockIOException {
    private static final long serialVersionUID = 1L;

    /** errno of a conflicting lock (EAGAIN). */
    public static final int EAGAIN = 11;

    /** The QEMU permission concerned. */
    private final String permission;
    /** Whether another user holds it and this node does not share it. */
    private final boolean sharedConflict;
    /** QEMU's second line. */
    private final String qemuHint;

    /**
     * A conflict, worded as QEMU words it.
     *
     * @param conflict       QEMU's first line, e.g. {@code Failed to get "write" lock}
     * @param permission     the QEMU permission name
     * @param sharedConflict true when another user holds the permission and this node refuses to share it
     * @param nodeName       the node
     * @param filename       the image file
     */
    public ImageLockedException(String conflict, String permission, boolean sharedConflict, String nodeName,
                                String filename) {
        super(conflict + "; " + hint(filename), nodeName, filename, -1, EAGAIN, null);
        this.permission = permission;
        this.sharedConflict = sharedConflict;
        this.qemuHint = hint(filename);
    }

    private static String hint(String filename) {
        return "Is another process using the image [" + filename + "]?";
    }

    /** {@return the QEMU permission the conflict is about: "consistent read", "write", "write unchanged", "resize"} */
    public String permission() {
        return permission;
    }

    /**
     * {@return true for {@code Failed to get shared "P" lock} (another user holds P, this node does
     * not share it); false for {@code Failed to get "P" lock} (this node wants P, another user does
     * not share it)}
     */
    public boolean sharedConflict() {
        return sharedConflict;
    }

    /** {@return QEMU's second line: {@code Is another process using the image [FILE]?}} */
    public String qemuHint() {
        return qemuHint;
    }
}
