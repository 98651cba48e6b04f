package io.jblock.storage;

/**
 * An option string was malformed, named an unknown option, or gave an option a value it cannot
 * take. The message uses QEMU's words ({@code Invalid parameter 'foo'},
 * {@code Parameter 'cache.direct' expects 'on' or 'off'}) and names the node when there is one.
 *
 * <p>Option errors are mistakes in the caller's configuration, not I/O failures, so this is an
 * {@link IllegalArgumentException} (as {@link io.jblock.storage.spi.NodeOptions} promises for
 * malformed values); every option problem found while opening or creating a graph is one of these.
 */
public class InvalidOptionException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The node whose options were refused, or null. */
    private final String nodeName;
    /** The dotted option name concerned, or null. */
    private final String option;

    /**
     * An option error.
     *
     * @param what     what is wrong, in QEMU's words
     * @param nodeName the node whose options these are, or null when there is no node (yet)
     * @param option   the dotted option name concerned, or null
     */
    public InvalidOptionException(String what, String nodeName, String option) {
        super(nodeName == null || what.startsWith(prefix(nodeName)) ? what : prefix(nodeName) + what);
        this.nodeName = nodeName;
        this.option = option;
        this.reason = nodeName != null && what.startsWith(prefix(nodeName)) ? what.substring(prefix(nodeName).length())
                : what;
    }

    /** What is wrong, without the node. */
    private final String reason;

    /** {@return what is wrong, in QEMU's words, without the node the message names (QEMU's messages do not)} */
    public String reason() {
        return reason;
    }

    /** How a message names its node: once, at the start. */
    private static String prefix(String nodeName) {
        return "node '" + nodeName + "': ";
    }

    /** {@return the node whose options were refused, or null} */
    public String nodeName() {
        return nodeName;
    }

    /** {@return the dotted option name concerned, or null} */
    public String option() {
        return option;
    }

    /**
     * {@return the same error attributed to {@code node} (options are parsed before nodes have names)}
     *
     * @param node the node whose options were parsed; null leaves the error as it is
     */
    public InvalidOptionException forNode(String node) {
        if (nodeName != null || node == null) {
            return this;
        }
        InvalidOptionException e = new InvalidOptionException(getMessage(), node, option);
        e.initCause(this);
        return e;
    }
}
