package io.jblock.cli;

import io.jblock.storage.CacheMode;
import java.util.Locale;

/**
 * How qemu-io opens an image, from its command line or its {@code open} command: QEMU's open
 * flags and the write-cache switch, which the two parse the same way (bdrv_parse_cache_mode,
 * bdrv_parse_aio, bdrv_parse_discard_flags).
 *
 * @param readOnly   {@code -r}
 * @param writeback  the write cache is on (QEMU's {@code !writethrough})
 * @param direct     BDRV_O_NOCACHE: O_DIRECT
 * @param noFlush    BDRV_O_NO_FLUSH ({@code cache=unsafe})
 * @param aio        {@code threads}, {@code native} or {@code io_uring}
 * @param unmap      BDRV_O_UNMAP: discard requests are passed down ({@code -d unmap}, the default)
 * @param forceShare {@code -U}
 * @param snapshot   {@code -s}: a temporary overlay takes the writes
 * @param copyOnRead {@code -C}
 */
record IoOpenSpec(boolean readOnly, boolean writeback, boolean direct, boolean noFlush, String aio,
                  boolean unmap, boolean forceShare, boolean snapshot, boolean copyOnRead) {

    /** qemu-io's defaults: read-write, writethrough, aio=threads, discard=unmap. */
    static final IoOpenSpec DEFAULT = new IoOpenSpec(false, false, false, false, "threads", true, false, false,
            false);

    /**
     * QEMU's bdrv_parse_cache_mode: {@code none}/{@code off}, {@code directsync},
     * {@code writeback}, {@code unsafe}, {@code writethrough}; null if {@code mode} is none of
     * them.
     */
    IoOpenSpec withCache(String mode) {
        return switch (mode) {
            case "off", "none" -> cache(true, true, false);
            case "directsync" -> cache(false, true, false);
            case "writeback" -> cache(true, false, false);
            case "unsafe" -> cache(true, false, true);
            case "writethrough" -> cache(false, false, false);
            default -> null;
        };
    }

    private IoOpenSpec cache(boolean wb, boolean dir, boolean nf) {
        return new IoOpenSpec(readOnly, wb, dir, nf, aio, unmap, forceShare, snapshot, copyOnRead);
    }

    /** {@code -n}: O_DIRECT and the write cache on, keeping {@code no-flush}. */
    IoOpenSpec withNocache() {
        return cache(true, true, noFlush);
    }

    /** QEMU's bdrv_parse_aio; null for an unknown mode. */
    IoOpenSpec withAio(String mode) {
        if (!mode.equals("threads") && !mode.equals("native") && !mode.equals("io_uring")) {
            return null;
        }
        return new IoOpenSpec(readOnly, writeback, direct, noFlush, mode, unmap, forceShare, snapshot, copyOnRead);
    }

    /** QEMU's bdrv_parse_discard_flags ({@code off}/{@code ignore}, {@code on}/{@code unmap}); null otherwise. */
    IoOpenSpec withDiscard(String mode) {
        boolean u;
        switch (mode) {
            case "off", "ignore" -> u = false;
            case "on", "unmap" -> u = true;
            default -> {
                return null;
            }
        }
        return new IoOpenSpec(readOnly, writeback, direct, noFlush, aio, u, forceShare, snapshot, copyOnRead);
    }

    IoOpenSpec withReadOnly(boolean value) {
        return new IoOpenSpec(value, writeback, direct, noFlush, aio, unmap, forceShare, snapshot, copyOnRead);
    }

    IoOpenSpec withForceShare() {
        return new IoOpenSpec(readOnly, writeback, direct, noFlush, aio, unmap, true, snapshot, copyOnRead);
    }

    IoOpenSpec withSnapshot() {
        return new IoOpenSpec(readOnly, writeback, direct, noFlush, aio, unmap, forceShare, true, copyOnRead);
    }

    IoOpenSpec withoutSnapshot() {
        return new IoOpenSpec(readOnly, writeback, direct, noFlush, aio, unmap, forceShare, false, copyOnRead);
    }

    IoOpenSpec withCopyOnRead() {
        return new IoOpenSpec(readOnly, writeback, direct, noFlush, aio, unmap, forceShare, snapshot, true);
    }

    /** The cache mode these switches make, or null for a combination no mode names. */
    CacheMode cacheMode() {
        for (CacheMode m : CacheMode.values()) {
            var s = m.settings();
            if (s.writeback() == writeback && s.direct() == direct && s.noFlush() == noFlush) {
                return m;
            }
        }
        return null;
    }

    /** The switches as node options, for a combination no cache mode names. */
    String cacheOptions() {
        return "cache.writeback=" + onOff(writeback) + ",cache.direct=" + onOff(direct) + ",cache.no-flush="
                + onOff(noFlush);
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "IoOpenSpec[ro=%s wb=%s direct=%s noflush=%s aio=%s unmap=%s]", readOnly,
                writeback, direct, noFlush, aio, unmap);
    }
}
