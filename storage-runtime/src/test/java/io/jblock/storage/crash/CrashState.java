package io.jblock.storage.crash;

import java.util.BitSet;

/**
 * One crash state to rebuild from a write log: the first {@code prefix} entries had completed when
 * the "power" went; every entry before {@code durableEnd} (the last flush entry of the prefix, and
 * all before it) is on disk; of the entries from {@code durableEnd} to {@code prefix}, exactly
 * those in {@code applied} reached the disk (FUA entries always do).
 *
 * @param id         number of the state in its plan (for messages and reruns)
 * @param kind       {@code flush} (right after a flush entry), {@code between} (a random point and
 *                   subset) or {@code final} (everything applied: the image as a clean close left it)
 * @param prefix     entries that had completed
 * @param durableEnd one past the last flush entry before {@code prefix} (0 when there is none)
 * @param applied    indices in {@code [durableEnd, prefix)} that reached the disk
 * @param strategy   how {@code applied} was chosen, for messages
 */
public record CrashState(int id, String kind, int prefix, int durableEnd, BitSet applied, String strategy) {

    @Override
    public String toString() {
        int pending = prefix - durableEnd;
        return "state " + id + " (" + kind + ": " + prefix + " entries completed, durable up to " + durableEnd
                + ", " + applied.cardinality() + " of the " + pending + " after it applied"
                + (strategy.isEmpty() ? "" : ", " + strategy) + (pending > 0 && pending <= 64 ? " " + applied : "") + ")";
    }
}
