package io.jblock.cli;

/**
 * The lines qemu-io prints after a request (its print_report):
 * <pre>
 * wrote 4096/4096 bytes at offset 0
 * 4 KiB, 1 ops; 00.00 sec (1.503 MiB/sec and 384.8241 ops/sec)
 * </pre>
 * or, with {@code -C}, one machine-readable line {@code bytes,ops,H:MM:SS.ss,bytes/sec,ops/sec}.
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
        return format(verb, offset, count, total, ops, nanos, false);
    }

    /** As {@link #format(String, long, long, long, int, long)}; {@code machine} is qemu-io's -C. */
    static String format(String verb, long offset, long count, long total, int ops, long nanos, boolean machine) {
        double seconds = nanos / 1e9;
        String time = IoNumbers.timestr(nanos, machine);
        if (machine) {
            return total + "," + ops + "," + time + "," + IoNumbers.fixed(total / seconds, 3) + ","
                    + IoNumbers.fixed(ops / seconds, 3);
        }
        return verb + " " + total + "/" + count + " bytes at offset " + offset + "\n"
                + IoNumbers.cvtstr(total) + ", " + ops + " ops; " + time
                + " (" + IoNumbers.cvtstr(total / seconds) + "/sec and " + IoNumbers.fixed(ops / seconds, 4)
                + " ops/sec)";
    }

    /** qemu-io's timestr: {@code 00.12 sec} under a second, {@code 0:01:02.50} from a second on. */
    static String elapsed(long nanos) {
        return IoNumbers.timestr(nanos, false);
    }
}
