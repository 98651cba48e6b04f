package io.jblock.cli;

import java.io.PrintWriter;

/**
 * qemu-img's progress reports (util/qemu-progress.c) for {@code -p}: {@code     (42.00/100%)}
 * and a carriage return, printed whenever the progress moved by more than {@code minSkip}
 * percent since the last report, or reached 0 or 100; a newline at the end. As in qemu-img the
 * reports go to stdout whether or not it is a terminal (scripts and QEMU's tests read them).
 * Not thread-safe.
 */
final class QemuProgress {
    private final PrintWriter out;
    private final boolean enabled;
    private final float minSkip;
    private float current;
    private float lastPrint;

    QemuProgress(PrintWriter out, boolean enabled, float minSkip) {
        this.out = out;
        this.enabled = enabled;
        this.minSkip = minSkip;
    }

    /**
     * qemu_progress_print: with {@code max} 0, {@code delta} is the new progress in percent;
     * otherwise progress grows by {@code delta} percent of {@code max} percent.
     */
    void print(float delta, int max) {
        float next = max == 0 ? delta : current + delta / 100 * max;
        if (next > 100) {
            next = 100;
        }
        current = next;
        if (next > lastPrint + minSkip || next < lastPrint - minSkip || next == 100 || next == 0) {
            lastPrint = current;
            if (enabled) {
                out.print("    (" + percent(current) + "/100%)\r");
                out.flush();
            }
        }
    }

    /**
     * printf's {@code %3.2f} of a float as glibc prints it: the exact binary value rounded to
     * nearest with ties to even (3.125 prints as 3.12, where Java's formatter would say 3.13).
     */
    static String percent(float value) {
        String s = new java.math.BigDecimal(value).setScale(2, java.math.RoundingMode.HALF_EVEN).toPlainString();
        return s.length() < 3 ? " ".repeat(3 - s.length()) + s : s;
    }

    /** qemu_progress_end. */
    void end() {
        if (enabled) {
            out.print("\n");
            out.flush();
        }
    }
}
