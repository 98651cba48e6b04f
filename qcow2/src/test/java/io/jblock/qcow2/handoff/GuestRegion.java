package io.jblock.qcow2.handoff;

import java.util.List;

/** A range of the guest disk and the pattern it must hold (or is written with). */
record GuestRegion(long offset, int length, GuestPattern pattern) {

    static GuestRegion of(long offset, int length, GuestPattern pattern) {
        return new GuestRegion(offset, length, pattern);
    }

    /** The same range with another pattern (what a stale reader sees instead). */
    GuestRegion with(GuestPattern other) {
        return new GuestRegion(offset, length, other);
    }

    /** Whether the two ranges share a byte. */
    boolean overlaps(GuestRegion o) {
        return offset < o.offset + o.length && o.offset < offset + length;
    }

    /** {@code regions} without those that {@code writes} overwrote, in part or whole. */
    static List<GuestRegion> notOverwritten(List<GuestRegion> regions,
                                                      List<GuestRegion> writes) {
        return regions.stream().filter(r -> writes.stream().noneMatch(r::overlaps)).toList();
    }

    /** The peer command that writes this region. */
    String writeCommand() {
        return "write " + offset + " " + length + " " + pattern;
    }

    /** The peer command that reads this region and compares it with the pattern. */
    String verifyCommand() {
        return "verify " + offset + " " + length + " " + pattern;
    }

    @Override
    public String toString() {
        return "[" + offset + ", +" + length + ") " + pattern;
    }
}
