package io.jblock.cli;

import java.util.Locale;

/**
 * The two lines qemu-io prints after a request:
 * <pre>
 * wrote 4096/4096 bytes at offset 0
 * 4 KiB, 1 ops; 00.00 sec (1.503 MiB/sec and 384.8241 ops/sec)
 * </pre>
 */
public final class IoReport {
    private IoReport() {
    }

    /**
     * The two lines qemu-io prints after a request.
     *
     * @param verb    {@code read}, {@code wrote} or {@code discard}
     * @param offset  request offset
     * @param count   requested bytes
     * @param total   bytes transferred
     * @param ops     number of requests
     * @param nanos   elapsed time
     * @return the two lines, without a final newline
     */
    public static String format(String verb, long offset, long count, long total, int ops, long nanos) {
        double seconds = Math.max(nanos, 1) / 1e9;
        return verb + " " + total + "/" + count + " bytes at offset " + offset + "\n"
                + ByteSizes.ioHuman(total) + ", " + ops + " ops; " + elapsed(nanos)
                + " (" + ByteSizes.ioHuman(total / seconds) + "/sec and "
                + String.format(Locale.ROOT, "%.4f", ops / seconds) + " ops/sec)";
    }

    /** qemu-io's timestr: {@code 00.12 sec} under a second, {@code 0:01:02.50} from a second on. */
    static String elapsed(long nanos) {
        long secs = nanos / 1_000_000_000L;
        double frac = (nanos % 1_000_000_000L) / 1e9;
        if (secs == 0) {
            return String.format(Locale.ROOT, "%05.2f sec", frac);
        }
        return String.format(Locale.ROOT, "%d:%02d:%05.2f", secs / 3600, (secs / 60) % 60, (secs % 60) + frac);
    }
}
