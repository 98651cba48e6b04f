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
    /** QEMU's default: a write completes in the host page cache; flush makes it stable. */
    WRITEBACK(true, false, false),
    /** O_DIRECT, bypassing the host page cache; flush makes writes stable (the disk's cache). */
    NONE(true, true, false),
    /** Every write is stable when it completes (O_DSYNC), through the page cache. */
    WRITETHROUGH(false, false, false),
    /** O_DIRECT and O_DSYNC: every write is stable when it completes. */
    DIRECTSYNC(false, true, false),
    /** As writeback, but flushes do nothing: fast and unsafe (a host crash loses data). */
    UNSAFE(true, false, true);

    private final CacheSettings settings;

    CacheMode(boolean writeback, boolean direct, boolean noFlush) {
        this.settings = new CacheSettings(writeback, direct, noFlush);
    }

    /** {@return the (writeback, direct, no-flush) triple of this mode} */
    public CacheSettings settings() {
        return settings;
    }

    /**
     * {@return QEMU's spelling: {@code writeback}, {@code none}, {@code writethrough}, {@code directsync}, {@code unsafe}}
     */
    public String qemuName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses QEMU's spelling; {@code off} is accepted as QEMU does, meaning {@code none}.
     *
     * @param text {@code writeback}, {@code none}, {@code writethrough}, {@code directsync}, {@code unsafe} or {@code off}
     * @return the mode
     */
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

    /**
     * {@return the mode with exactly these settings, or {@code null} when no named mode matches}
     *
     * @param s the three switches
     */
    public static CacheMode of(CacheSettings s) {
        for (CacheMode m : values()) {
            if (m.settings.equals(s)) {
                return m;
            }
        }
        return null;
    }
}
