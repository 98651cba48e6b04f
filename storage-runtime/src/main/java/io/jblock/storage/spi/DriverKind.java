package io.jblock.storage.spi;

/** The kinds of block driver, as QEMU distinguishes them. */
public enum DriverKind {
    /** Talks to storage (file). */
    PROTOCOL,
    /** Interprets an image format on a {@code file} child (raw, qcow2). */
    FORMAT,
    /** Passes requests through with some change of behaviour. */
    FILTER
}
