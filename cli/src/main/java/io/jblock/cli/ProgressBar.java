package io.jblock.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * qemu-img's {@code -p} progress line, {@code     (42.00/100%)}, redrawn in place with a carriage
 * return. Drawn only when asked for and stdout is a terminal; otherwise every call does nothing,
 * so piped output stays clean.
 */
public final class ProgressBar {
    private final PrintWriter out;
    private final boolean enabled;
    private final long total;
    private int lastHundredths = -1;

    /**
     * A bar for a run of {@code total} units.
     *
     * @param requested whether {@code -p} was given
     * @param terminal  the run's streams; drawing needs {@link Terminal#interactive()}
     * @param total     the amount that means 100%
     */
    public ProgressBar(boolean requested, Terminal terminal, long total) {
        this.out = terminal.out();
        this.enabled = requested && terminal.interactive();
        this.total = Math.max(total, 1);
    }

    /** {@return whether the bar is drawn at all} */
    public boolean enabled() {
        return enabled;
    }

    /**
     * Shows that {@code done} of the total is complete; redraws only when the shown value changes.
     *
     * @param done units complete
     */
    public void update(long done) {
        if (!enabled) {
            return;
        }
        int hundredths = (int) Math.min(10_000, done * 10_000 / total);
        if (hundredths != lastHundredths) {
            lastHundredths = hundredths;
            out.print(String.format(Locale.ROOT, "    (%.2f/100%%)\r", hundredths / 100.0));
            out.flush();
        }
    }

    /** Draws 100% and ends the line. */
    public void finish() {
        if (!enabled) {
            return;
        }
        update(total);
        out.println();
        out.flush();
    }
}
