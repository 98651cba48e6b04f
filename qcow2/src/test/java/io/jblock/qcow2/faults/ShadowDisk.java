package io.jblock.qcow2.faults;

/**
 * What every byte of a disk may read as while requests fail, in two views.
 *
 * <p>The <em>visible</em> view is what reads must return while the node stays open: a byte is
 * certain (the last acknowledged write's value), one of two values (a failed request may or may
 * not have changed it: old or new), or anything (more than one such doubt piled up). A read
 * resolves a doubtful byte to what it showed, since nothing changes it afterwards but a request.
 *
 * <p>The <em>durable</em> view is what the disk must hold if the node ends without a clean close
 * (a persistent fault makes the final flush fail): the visible view as of the last successful
 * flush, where every byte changed (or possibly changed) since then may also hold its newer value.
 * {@link #flushed()} moves the durable view to the visible one.
 *
 * <p>Not thread-safe: one workload thread drives it.
 */
final class ShadowDisk {
    private static final byte CERTAIN = 0;
    private static final byte ONE_OF = 1;
    private static final byte ANY = 2;

    private byte[] cur;
    private byte[] alt;
    private byte[] state;
    private byte[] dur;
    private byte[] durAlt;
    private byte[] durState;

    ShadowDisk(byte[] initial) {
        cur = initial.clone();
        alt = new byte[initial.length];
        state = new byte[initial.length];
        dur = initial.clone();
        durAlt = new byte[initial.length];
        durState = new byte[initial.length];
    }

    int size() {
        return cur.length;
    }

    /** An acknowledged write (zeroes: {@code data} null) of {@code [off, off + len)}. */
    void written(long off, int len, byte[] data, int dataOffset) {
        for (int i = 0; i < len; i++) {
            int p = (int) off + i;
            byte v = data == null ? 0 : data[dataOffset + i];
            sinceFlush(p, v);
            cur[p] = v;
            state[p] = CERTAIN;
        }
    }

    /** A failed modification: each byte is its old value or {@code data}'s (zero when null). */
    void failed(long off, int len, byte[] data, int dataOffset) {
        for (int i = 0; i < len; i++) {
            int p = (int) off + i;
            byte v = data == null ? 0 : data[dataOffset + i];
            sinceFlush(p, v);
            doubt(p, v);
        }
    }

    /** A discard (acknowledged or not): each byte reads as before or as zero. */
    void discarded(long off, int len) {
        failed(off, len, null, 0);
    }

    /** The disk grew: the new bytes read as zeroes. */
    void grown(int newSize) {
        int old = cur.length;
        cur = java.util.Arrays.copyOf(cur, newSize);
        alt = java.util.Arrays.copyOf(alt, newSize);
        state = java.util.Arrays.copyOf(state, newSize);
        dur = java.util.Arrays.copyOf(dur, newSize);
        durAlt = java.util.Arrays.copyOf(durAlt, newSize);
        durState = java.util.Arrays.copyOf(durState, newSize);
        for (int p = old; p < newSize; p++) {
            state[p] = CERTAIN;
            durState[p] = CERTAIN;
        }
    }

    private void doubt(int p, byte v) {
        if (state[p] == CERTAIN) {
            if (cur[p] != v) {
                alt[p] = v;
                state[p] = ONE_OF;
            }
        } else if (state[p] == ONE_OF && cur[p] != v && alt[p] != v) {
            state[p] = ANY;
        }
    }

    private void sinceFlush(int p, byte v) {
        if (durState[p] == CERTAIN) {
            if (dur[p] != v) {
                durAlt[p] = v;
                durState[p] = ONE_OF;
            }
        } else if (durState[p] == ONE_OF && dur[p] != v && durAlt[p] != v) {
            durState[p] = ANY;
        }
    }

    /** A FUA write of the range was acknowledged: its bytes are stable as they are now. */
    void durable(long off, int len) {
        System.arraycopy(cur, (int) off, dur, (int) off, len);
        System.arraycopy(alt, (int) off, durAlt, (int) off, len);
        System.arraycopy(state, (int) off, durState, (int) off, len);
    }

    /** A flush succeeded: what is visible now is what the disk holds after a crash. */
    void flushed() {
        System.arraycopy(cur, 0, dur, 0, cur.length);
        System.arraycopy(alt, 0, durAlt, 0, cur.length);
        System.arraycopy(state, 0, durState, 0, cur.length);
    }

    /**
     * Checks {@code got} (read at {@code off}) against the visible view and resolves doubtful
     * bytes to what it showed; returns null, or a description of the first wrong byte.
     */
    String readBack(long off, byte[] got) {
        for (int i = 0; i < got.length; i++) {
            int p = (int) off + i;
            if (!allowed(cur, alt, state, p, got[i])) {
                return describe("visible", cur, alt, state, p, got[i]);
            }
        }
        for (int i = 0; i < got.length; i++) {
            int p = (int) off + i;
            if (state[p] != CERTAIN) {
                // the durable view keeps the doubt: the read showed the in-memory state only
                cur[p] = got[i];
                state[p] = CERTAIN;
            }
        }
        return null;
    }

    /** The whole disk's bytes against the visible view (after a clean close). */
    String checkVisible(byte[] disk) {
        return check(disk, cur, alt, state, "visible");
    }

    /** The whole disk's bytes against the durable view (after an unclean end). */
    String checkDurable(byte[] disk) {
        return check(disk, dur, durAlt, durState, "durable");
    }

    /**
     * A resize from {@code oldSize} to {@code newSize} failed: the disk may have either size (the
     * header may have reached the file before a flush failed); the node says which it has now.
     */
    void maybeResized(long oldSize, long newSize) {
        maybeSizes.add(oldSize);
        maybeSizes.add(newSize);
    }

    private final java.util.Set<Long> maybeSizes = new java.util.HashSet<>();

    private String check(byte[] disk, byte[] v, byte[] a, byte[] s, String view) {
        if (disk.length != v.length && !maybeSizes.contains((long) disk.length)) {
            return view + ": disk has " + disk.length + " bytes, expected " + v.length
                    + (maybeSizes.isEmpty() ? "" : " or one of " + maybeSizes);
        }
        for (int p = v.length; p < disk.length; p++) {
            if (disk[p] != 0) {
                return view + ": byte " + p + " past the size of a resize that failed reads " + disk[p];
            }
        }
        for (int p = 0; p < Math.min(v.length, disk.length); p++) {
            if (!allowed(v, a, s, p, disk[p])) {
                return describe(view, v, a, s, p, disk[p]);
            }
        }
        return null;
    }

    private static boolean allowed(byte[] v, byte[] a, byte[] s, int p, byte got) {
        return switch (s[p]) {
            case CERTAIN -> v[p] == got;
            case ONE_OF -> v[p] == got || a[p] == got;
            default -> true;
        };
    }

    private static String describe(String view, byte[] v, byte[] a, byte[] s, int p, byte got) {
        return view + " view: byte " + p + " reads " + (got & 0xff) + ", expected " + (v[p] & 0xff)
                + (s[p] == ONE_OF ? " or " + (a[p] & 0xff) : "");
    }

    /** Bytes that are not certain in the visible view (for statistics). */
    long doubtful() {
        long n = 0;
        for (byte b : state) {
            if (b != CERTAIN) {
                n++;
            }
        }
        return n;
    }
}
