package io.jblock.storage;

import java.util.Locale;

/** QEMU's {@code preallocation} option for create and truncate. */
public enum Preallocation {
    /** Nothing is allocated up front. */
    OFF,
    /** Format metadata only (qcow2). */
    METADATA,
    /** Space reserved with fallocate(2); reads stay zero. */
    FALLOC,
    /** Space written with zeroes. */
    FULL;

    /**
     * Parses QEMU's spelling ({@code off}, {@code metadata}, {@code falloc}, {@code full}).
     *
     * @param text {@code off}, {@code metadata}, {@code falloc} or {@code full}
     * @return the mode
     */
    public static Preallocation parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid preallocation mode: '" + text
                    + "' (expected off, metadata, falloc or full)", e);
        }
    }

    /** {@return QEMU's spelling} */
    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
