package io.jblock.storage.crypto;

import java.io.IOException;

/**
 * A LUKS volume or a cipher spec that cannot be used. The message is QEMU's wording for the same
 * refusal (for example {@code Invalid password, cannot unlock any keyslot} or
 * {@code Volume is not in LUKS format}), without node or file: the format driver that holds the
 * volume adds those when it reports it. {@link #kind()} says which family of refusal it is, so
 * that the driver can report it as a corrupt image, an unsupported one or a bad option.
 */
public final class CryptoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The families of refusal. */
    public enum Kind {
        /** The header is damaged or hostile: a field out of range, overlapping key slots. */
        CORRUPT,
        /** A valid spec that jblock does not implement (a cipher, a hash, a LUKS version). */
        UNSUPPORTED,
        /** The secret unlocks no key slot. */
        BAD_SECRET,
        /** A create option names no known algorithm or is out of range. */
        INVALID_OPTION
    }

    /** The family of refusal. */
    private final Kind kind;

    /**
     * A refusal of one kind.
     *
     * @param kind    the family of refusal
     * @param message QEMU's wording, without node or file
     */
    public CryptoException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    /**
     * A refusal caused by a failure of the JDK's crypto provider.
     *
     * @param kind    the family of refusal
     * @param message what failed, naming the cipher or hash
     * @param cause   the provider's exception
     */
    public CryptoException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** {@return the family of refusal} */
    public Kind kind() {
        return kind;
    }
}
