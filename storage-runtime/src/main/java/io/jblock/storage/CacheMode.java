package io.jblock.storage;

import java.util.Locale;

/**
 * QEMU's host cache modes ({@code -drive cache=...}), each a fixed combination of
 * {@link CacheSettings}: whether the guest-visible write cache is on (writeback), whether the
 * host page cache is bypassed (O_DIRECT), and whether flushes are ignored.
 *
 * <pre>
 *               writeback  direct  no-flush
 * writeback       on        off      off
 * none            on        on       off
 * writethrough    off       off      off
 * directsync      off       on       off
 * unsafe          on        off      on
 * </pre>
 */
public enum CacheMode {
    WRITEBACK(true, false, false),
    NONE(true, true, false),
    WRITETHROUGH(false, false, false),
    DIRECTSYNC(false, true, false),
    UNSAFE(true, false, true);

    private final CacheSettings settings;

    CacheMode(boolean writeback, boolean direct, boolean noFlush) {
        this.settings = new CacheSettings(writeback, direct, noFlush);
    }

    /** The (writeback, direct, no-flush) triple of this mode. */
    public CacheSettings settings() {
        return settings;
    }

    /** QEMU's spelling: {@code writeback}, {@code none}, {@code writethrough}, {@code directsync}, {@code unsafe}. */
    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses QEMU's spelling; {@code off} is accepted as QEMU does, meaning {@code none}. */
    public static CacheMode parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("off")) {
            return NONE;
        }
        for (CacheMode m : values()) {
            if (m.qemuName().equals(t)) {
                return m;
            }
        }
        throw new IllegalArgumentException("invalid cache option '" + text
                + "' (expected writeback, none, writethrough, directsync or unsafe)");
    }

    /** The mode with exactly these settings, or {@code null} when no named mode matches. */
    public static CacheMode of(CacheSettings s) {
        for (CacheMode m : values()) {
            if (m.settings.equals(s)) {
                return m;
            }
        }
        return null;
    }
}
