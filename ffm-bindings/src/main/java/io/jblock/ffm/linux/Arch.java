package io.jblock.ffm.linux;

import java.util.Locale;

/**
 * The CPU architectures whose Linux ABI these bindings describe. Constants and the layout of
 * {@code struct stat} differ between them; everything else used here is the same.
 */
public enum Arch {
    X86_64,
    AARCH64;

    private static final Arch CURRENT = detect(System.getProperty("os.arch", ""));

    /** The architecture this JVM runs on; fails clearly on anything else. */
    public static Arch current() {
        if (CURRENT == null) {
            throw new UnsupportedOperationException("jblock's Linux bindings support x86-64 and aarch64, not os.arch="
                    + System.getProperty("os.arch") + " on " + System.getProperty("os.name"));
        }
        return CURRENT;
    }

    static Arch detect(String osArch) {
        return switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64", "arm64" -> AARCH64;
            default -> null;
        };
    }
}
