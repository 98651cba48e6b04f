package io.jblock.qcow2.handoff;

/** A range of the guest disk and the pattern it must hold (or is written with). */
record GuestRegion(long offset, int length, GuestPattern pattern) {

    static GuestRegion of(long offset, int length, GuestPattern pattern) {
        return new GuestRegion(offset, length, pattern);
    }

    /** The same range with another pattern (what a stale reader sees instead). */
    GuestRegion with(GuestPattern other) {
        return new GuestRegion(offset, length, other);
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
