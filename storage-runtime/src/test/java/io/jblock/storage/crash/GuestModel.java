package io.jblock.storage.crash;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shadow model of a guest disk under a write log: what the guest did, in order, with the log
 * position before each request was issued and after it was acknowledged, and from that what every
 * 512-byte unit of the disk may hold in a crash state.
 *
 * <p>A crash state is identified by how many log entries had completed ({@code prefix}). A request
 * is <em>durable</em> in it when it was acknowledged within the prefix and either a guest flush
 * acknowledged within the prefix came after it, or it was stable on acknowledgement (FUA, or
 * every request in writethrough and directsync). A request has <em>started</em> when it was issued
 * before the prefix ended. A unit then holds the version of the last durable request that touched
 * it (or the base content when none did), or the version of any started request after that one:
 * writes since the last flush may reach the disk in any order, so any of the versions since then
 * is fine, but nothing older and nothing else. A discard's version is "zeroes or the version it
 * replaced". Requests are aligned to {@link #UNIT}, so a unit is never half of one version.
 *
 * <p>Write data is a recognisable pattern: the first 32 bytes of each unit say which request wrote
 * it for which unit ({@link #describe}), the next 224 are pseudo-random from those and the seed,
 * the last 256 are zero (so that compressed clusters really compress). Not
 * thread-safe: one guest thread records, then states are checked.
 */
public final class GuestModel {
    public static final int UNIT = 512;
    private static final long MAGIC = 0x4a424c4b43524153L; // "JBLKCRAS"

    /** The kinds of guest request the model knows. */
    public enum Type { WRITE, ZERO, DISCARD, FLUSH, TRUNCATE }

    /**
     * One acknowledged guest request.
     *
     * @param seq     number in issue order, from 0
     * @param type    what it did
     * @param offset  first byte (aligned to {@link #UNIT}); for {@link Type#TRUNCATE} the new size
     * @param length  bytes (a multiple of {@link #UNIT})
     * @param stable  stable when acknowledged (FUA or write-through)
     * @param start   log entries completed before it was issued
     * @param end     log entries completed when it was acknowledged ({@link Long#MAX_VALUE}: never
     *                acknowledged, it may or may not have happened)
     * @param note    free text for messages (MAY_UNMAP, compressed, ...)
     */
    public record Op(int seq, Type type, long offset, long length, boolean stable, long start, long end, String note) {
        @Override
        public String toString() {
            String what = switch (type) {
                case FLUSH -> "flush";
                case TRUNCATE -> "truncate to " + offset;
                default -> type.name().toLowerCase(java.util.Locale.ROOT) + " [" + offset + ", +" + length + ")";
            };
            return "op " + seq + " " + what + (note.isEmpty() ? "" : " " + note) + (stable ? " (stable)" : "")
                    + " log " + start + ".." + end;
        }
    }

    private final long seed;
    private final byte[] base;
    private final long baseSize;
    private final byte[] backing;
    private final List<Op> ops = new ArrayList<>();
    private final Map<Long, int[]> history = new HashMap<>();
    private final Map<Long, Integer> historyLength = new HashMap<>();
    private final List<Op> flushes = new ArrayList<>();
    private final List<Op> truncates = new ArrayList<>();
    private final boolean discardMayShowBacking;

    /**
     * @param seed     the workload's seed (part of every pattern)
     * @param base     the guest content before the logged run, at least as long as the largest size
     *                 the run gives the disk (zeroes past the base size)
     * @param baseSize the virtual size before the logged run
     * @param backing  the backing file's content as the guest sees it (zeroes past its end), or null;
     *                 a discarded or unmapped range may show it (see {@link #discardMayShowBacking})
     * @param discardMayShowBacking whether a discard (or write-zeroes with MAY_UNMAP) may let the
     *                 backing content show through: a format question (issue 9 defect 2), not a
     *                 crash question, so a crash harness accepts it and a format test does not
     */
    public GuestModel(long seed, byte[] base, long baseSize, byte[] backing, boolean discardMayShowBacking) {
        this.seed = seed;
        this.base = base;
        this.baseSize = baseSize;
        this.backing = backing;
        this.discardMayShowBacking = discardMayShowBacking && backing != null;
    }

    /** The number the next request gets. */
    public int nextSeq() {
        return ops.size();
    }

    public List<Op> ops() {
        return ops;
    }

    /** Records an acknowledged request; its {@code seq} must be {@link #nextSeq()}. */
    public void record(Op op) {
        if (op.seq() != ops.size()) {
            throw new IllegalArgumentException("op " + op.seq() + " recorded as number " + ops.size());
        }
        if (op.type() != Type.FLUSH && op.type() != Type.TRUNCATE
                && (op.offset() % UNIT != 0 || op.length() % UNIT != 0)) {
            throw new IllegalArgumentException("requests must be aligned to " + UNIT + ": " + op);
        }
        ops.add(op);
        switch (op.type()) {
            case FLUSH -> flushes.add(op);
            case TRUNCATE -> truncates.add(op);
            default -> {
                for (long u = op.offset() / UNIT; u < (op.offset() + op.length()) / UNIT; u++) {
                    int len = historyLength.getOrDefault(u, 0);
                    int[] h = history.get(u);
                    if (h == null || h.length == len) {
                        h = h == null ? new int[4] : Arrays.copyOf(h, len * 2);
                        history.put(u, h);
                    }
                    h[len] = op.seq();
                    historyLength.put(u, len + 1);
                }
            }
        }
    }

    /** The data request {@code seq} writes to {@code unit} (pattern described above). */
    public byte[] pattern(int seq, long unit) {
        byte[] b = new byte[UNIT];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        bb.putLong(MAGIC).putLong(seed).putLong(seq).putLong(unit);
        long x = seed * 0x9E3779B97F4A7C15L ^ (seq * 0xC2B2AE3D27D4EB4FL) ^ (unit * 0x165667B19E3779F9L) | 1;
        for (int i = 32; i < UNIT / 2; i += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            bb.putLong(i, x);
        }
        return b;
    }

    /** Fills {@code dst} with the data of a write request {@code seq} at {@code offset}. */
    public void fill(int seq, long offset, byte[] dst) {
        for (int i = 0; i < dst.length; i += UNIT) {
            System.arraycopy(pattern(seq, offset / UNIT + i / UNIT), 0, dst, i, UNIT);
        }
    }

    /** The request whose pattern for {@code unit} (of this seed) the data starts with, or -1. */
    private long writerOf(long unit, byte[] data, int from) {
        ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        if (bb.getLong(from) != MAGIC || bb.getLong(from + 8) != seed || bb.getLong(from + 24) != unit) {
            return -1;
        }
        return bb.getLong(from + 16);
    }

    /** What a unit's bytes look like: zeroes, a known pattern, the base content, or unknown. */
    public String describe(long unit, byte[] data, int from) {
        if (isZero(data, from)) {
            return "zeroes";
        }
        ByteBuffer bb = ByteBuffer.wrap(data, from, UNIT).order(ByteOrder.BIG_ENDIAN);
        if (bb.getLong(from) == MAGIC) {
            long s = bb.getLong(from + 8);
            long seq = bb.getLong(from + 16);
            long u = bb.getLong(from + 24);
            boolean exact = s == seed && seq >= 0 && seq < Integer.MAX_VALUE
                    && Arrays.equals(data, from, from + UNIT, pattern((int) seq, u), 0, UNIT);
            return "data of op " + seq + " for offset " + u * UNIT + (s == seed ? "" : " (seed " + s + ")")
                    + (exact ? "" : " (damaged)") + (u == unit ? "" : " (MISPLACED)");
        }
        if (unit * UNIT + UNIT <= base.length && Arrays.equals(data, from, from + UNIT, base, (int) (unit * UNIT),
                (int) (unit * UNIT + UNIT))) {
            return "the base content";
        }
        return "unknown bytes";
    }

    private static boolean isZero(byte[] data, int from) {
        for (int i = from; i < from + UNIT; i++) {
            if (data[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The virtual size before the logged run. */
    public long baseSize() {
        return baseSize;
    }

    /** The largest size any request gives the disk. */
    public long maxSize() {
        long m = baseSize;
        for (Op t : truncates) {
            m = Math.max(m, t.offset());
        }
        return m;
    }

    /** Log position after the last request (the end of the run, before close). */
    public long lastEnd() {
        return ops.isEmpty() ? 0 : ops.get(ops.size() - 1).end();
    }

    // ---------------------------------------------------------------- expectations

    /** What a crash state with {@code prefix} completed log entries must show. */
    public Expectation at(long prefix) {
        int lastFlush = -1;
        for (Op f : flushes) {
            if (f.end() <= prefix) {
                lastFlush = f.seq();
            }
        }
        return new Expectation(prefix, lastFlush, false);
    }

    /** What the image must show after a clean close: every request durable. */
    public Expectation afterCleanClose() {
        return new Expectation(Long.MAX_VALUE, Integer.MAX_VALUE, true);
    }

    /** The allowed contents of a crash state (see the class comment). */
    public final class Expectation {
        private final long prefix;
        private final int lastFlush;
        private final boolean everything;

        private Expectation(long prefix, int lastFlush, boolean everything) {
            this.prefix = prefix;
            this.lastFlush = lastFlush;
            this.everything = everything;
        }

        private boolean durable(Op op) {
            return everything || op.end() <= prefix && (op.seq() < lastFlush || op.stable());
        }

        private boolean started(Op op) {
            return everything || op.start() < prefix;
        }

        /** The virtual sizes the disk may have. */
        public Set<Long> allowedSizes() {
            Set<Long> sizes = new LinkedHashSet<>();
            long floor = baseSize;
            int floorIndex = -1;
            for (int i = 0; i < truncates.size(); i++) {
                if (durable(truncates.get(i))) {
                    floor = truncates.get(i).offset();
                    floorIndex = i;
                }
            }
            sizes.add(floor);
            for (int i = floorIndex + 1; i < truncates.size(); i++) {
                if (started(truncates.get(i))) {
                    sizes.add(truncates.get(i).offset());
                }
            }
            return sizes;
        }

        /**
         * Checks the guest content {@code data} (the first {@code size} bytes of the disk as read);
         * returns one line per wrong unit, at most {@code limit} lines (and a count of the rest).
         */
        public List<String> check(byte[] data, long size, int limit) {
            List<String> problems = new ArrayList<>();
            Set<Long> sizes = allowedSizes();
            if (!sizes.contains(size)) {
                problems.add("virtual size " + size + ", expected one of " + sizes);
            }
            long units = Math.min(size, data.length) / UNIT;
            int wrong = 0;
            for (long u = 0; u < units; u++) {
                int from = (int) (u * UNIT);
                if (allowed(u, data, from)) {
                    continue;
                }
                if (++wrong <= limit) {
                    problems.add("offset " + u * UNIT + " holds " + describe(u, data, from) + "; allowed: "
                            + String.join(" | ", allowedDescriptions(u)));
                }
            }
            if (wrong > limit) {
                problems.add("... " + (wrong - limit) + " more wrong units (" + wrong + " in all)");
            }
            return problems;
        }

        private boolean allowed(long u, byte[] data, int from) {
            int[] h = history.get(u);
            if (h == null) {
                return matchesBase(u, data, from);
            }
            int len = historyLength.get(u);
            int floor = -1;
            for (int k = len - 1; k >= 0; k--) {
                if (durable(ops.get(h[k]))) {
                    floor = k;
                    break;
                }
            }
            // data that names its writer: only that version needs comparing
            long writer = writerOf(u, data, from);
            if (writer >= 0) {
                for (int k = Math.max(floor, 0); k < len; k++) {
                    Op op = ops.get(h[k]);
                    if (op.seq() == writer && op.type() == Type.WRITE && (k == floor || started(op))) {
                        return Arrays.equals(data, from, from + UNIT, pattern(op.seq(), u), 0, UNIT);
                    }
                }
            }
            if (matchesVersion(u, h, floor, data, from)) {
                return true;
            }
            for (int k = floor + 1; k < len; k++) {
                if (started(ops.get(h[k])) && matchesVersion(u, h, k, data, from)) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the unit shows version {@code k} of its history ({@code -1}: the base content). */
        private boolean matchesVersion(long u, int[] h, int k, byte[] data, int from) {
            if (k < 0) {
                return matchesBase(u, data, from);
            }
            Op op = ops.get(h[k]);
            return switch (op.type()) {
                case WRITE -> Arrays.equals(data, from, from + UNIT, pattern(op.seq(), u), 0, UNIT);
                case ZERO -> isZero(data, from)
                        || op.note().contains("MAY_UNMAP") && discardMayShowBacking && matchesBacking(u, data, from);
                case DISCARD -> isZero(data, from) || discardMayShowBacking && matchesBacking(u, data, from)
                        || matchesReplaced(u, h, k, data, from);
                default -> false;
            };
        }

        /**
         * Whether the unit shows a version the discard {@code k} may have found there: the one
         * before it, or, when that request was never acknowledged (it may not have happened), an
         * older one, back to the last request acknowledged before the discard was issued.
         */
        private boolean matchesReplaced(long u, int[] h, int k, byte[] data, int from) {
            long issued = ops.get(h[k]).start();
            for (int j = k - 1; j >= 0; j--) {
                if (matchesVersion(u, h, j, data, from)) {
                    return true;
                }
                if (ops.get(h[j]).end() <= issued) {
                    return false;
                }
            }
            return matchesBase(u, data, from);
        }

        private boolean matchesBase(long u, byte[] data, int from) {
            long at = u * UNIT;
            if (at + UNIT > base.length) {
                return isZero(data, from);
            }
            return Arrays.equals(data, from, from + UNIT, base, (int) at, (int) at + UNIT);
        }

        private boolean matchesBacking(long u, byte[] data, int from) {
            long at = u * UNIT;
            if (at + UNIT > backing.length) {
                return isZero(data, from);
            }
            return Arrays.equals(data, from, from + UNIT, backing, (int) at, (int) at + UNIT);
        }

        private List<String> allowedDescriptions(long u) {
            List<String> out = new ArrayList<>();
            int[] h = history.get(u);
            int len = h == null ? 0 : historyLength.get(u);
            int floor = -1;
            for (int k = len - 1; k >= 0; k--) {
                if (durable(ops.get(h[k]))) {
                    floor = k;
                    break;
                }
            }
            out.add(floor < 0 ? "base content (no durable request)" : "durable " + ops.get(h[floor]));
            for (int k = floor + 1; k < len; k++) {
                if (started(ops.get(h[k]))) {
                    out.add("pending " + ops.get(h[k]));
                }
            }
            return out;
        }

        @Override
        public String toString() {
            return everything ? "after a clean close" : prefix + " log entries completed, last completed flush "
                    + (lastFlush < 0 ? "none" : "op " + lastFlush);
        }
    }
}
