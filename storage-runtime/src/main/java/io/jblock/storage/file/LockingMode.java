package io.jblock.storage.file;

import java.util.Locale;

/** QEMU's {@code locking} option of the file driver. */
enum LockingMode {
    /** Always lock; refused where OFD locks are missing. */
    ON,
    /** Never lock (the image is not protected against other processes). */
    OFF,
    /** Lock when the kernel has OFD locks (QEMU's default). */
    AUTO;

    static LockingMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> ON;
            case "off" -> OFF;
            case "auto" -> AUTO;
            default -> throw new IllegalArgumentException("Parameter 'locking' does not accept value '"
                    + text + "' (expected on, off or auto)");
        };
    }
}
