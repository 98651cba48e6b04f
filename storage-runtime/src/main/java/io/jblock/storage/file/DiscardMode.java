package io.jblock.storage.file;

import java.util.Locale;

/** QEMU's {@code discard} option: whether discard requests reach the file. */
enum DiscardMode {
    /** Discard requests are ignored (QEMU's default). */
    IGNORE,
    /** Discard requests punch holes in the file; write-zeroes may deallocate (MAY_UNMAP). */
    UNMAP;

    static DiscardMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "ignore", "off" -> IGNORE;
            case "unmap", "on" -> UNMAP;
            default -> throw new IllegalArgumentException("Parameter 'discard' does not accept value '"
                    + text + "' (expected ignore or unmap)");
        };
    }
}
