package io.jblock.qcow2;

import static org.junit.jupiter.api.Assertions.fail;

import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A small, test-local crash-state replay (the idea of dm-log-writes): from the image file as it
 * was before a workload and the requests a {@link RecordingNode} saw, it builds the files a power
 * cut could have left. A state is "every write before flush k, plus a subset of the writes
 * between flush k and the next one" (a write is lost or kept as a whole; size changes are kept).
 * Together with a {@link Guest} model it says what the guest may read in each state.
 *
 * <p>The general, reusable replayer belongs to the crashlog harness; this one only serves the
 * qcow2 ordering regression tests.
 */
final class CrashStates {
    /**
     * One crash state.
     *
     * @param name       how the state was built, for failure messages
     * @param lastFlush  index (in the event list) of the last flush that completed, or -1
     * @param applied    indices of the data events that reached the disk
     * @param end        events at or after this index had not been issued
     */
    record State(String name, int lastFlush, BitSet applied, int end) {
    }

    private final byte[] base;
    private final List<RecordingNode.Event> events;

    CrashStates(byte[] base, List<RecordingNode.Event> events) {
        this.base = base;
        this.events = List.copyOf(events);
    }

    int flushCount() {
        return (int) events.stream().filter(RecordingNode.Event::isFlush).count();
    }

    /**
     * Every flush point, and per stretch between flushes: each write alone, all but each write,
     * and a few random subsets; states with identical files are kept once. When there are more
     * than {@code cap}, flush points are kept and the rest sampled with {@code seed}.
     */
    List<State> enumerate(long seed, int cap) {
        Random r = new Random(seed);
        List<Integer> flushes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).isFlush()) {
                flushes.add(i);
            }
        }
        List<State> points = new ArrayList<>();
        List<State> others = new ArrayList<>();
        for (int k = -1; k < flushes.size(); k++) {
            int start = k < 0 ? 0 : flushes.get(k) + 1;
            int end = k + 1 < flushes.size() ? flushes.get(k + 1) : events.size();
            int lastFlush = k < 0 ? -1 : flushes.get(k);
            BitSet durable = new BitSet();
            for (int i = 0; i < start; i++) {
                if (events.get(i).changesData()) {
                    durable.set(i);
                }
            }
            List<Integer> pending = new ArrayList<>();
            for (int i = start; i < end; i++) {
                if (events.get(i).changesData()) {
                    pending.add(i);
                }
            }
            points.add(new State("flush " + (k + 1) + " (event " + lastFlush + ")", lastFlush, durable, end));
            for (int w : pending) {
                BitSet only = (BitSet) durable.clone();
                only.set(w);
                others.add(new State("after flush " + (k + 1) + ", only " + events.get(w) + " (event " + w + ")",
                        lastFlush, only, end));
                BitSet allBut = (BitSet) durable.clone();
                for (int p : pending) {
                    if (p != w) {
                        allBut.set(p);
                    }
                }
                others.add(new State("after flush " + (k + 1) + ", all but " + events.get(w) + " (event " + w + ")",
                        lastFlush, allBut, end));
            }
            for (int n = 0; n < 2 && pending.size() > 2; n++) {
                BitSet some = (BitSet) durable.clone();
                StringBuilder which = new StringBuilder();
                for (int p : pending) {
                    if (r.nextBoolean()) {
                        some.set(p);
                        which.append(' ').append(p);
                    }
                }
                others.add(new State("after flush " + (k + 1) + ", events" + which, lastFlush, some, end));
            }
        }
        List<State> out = new ArrayList<>(points);
        if (points.size() + others.size() > cap) {
            java.util.Collections.shuffle(others, r);
            others = others.subList(0, Math.max(0, cap - points.size()));
        }
        out.addAll(others);
        // identical files need checking once
        Set<String> seen = new HashSet<>();
        List<State> unique = new ArrayList<>();
        for (State s : out) {
            if (seen.add(digest(materialise(s)))) {
                unique.add(s);
            }
        }
        return unique;
    }

    /** The file's bytes in state {@code s}. */
    byte[] materialise(State s) {
        byte[] f = base;
        boolean copied = false;
        for (int i = 0; i < s.end(); i++) {
            RecordingNode.Event e = events.get(i);
            long needed = -1;
            if (e.kind().equals("truncate")) {
                needed = e.offset();
            } else if (s.applied().get(i)) {
                needed = e.offset() + e.length();
            }
            if (needed > f.length) {
                f = Arrays.copyOf(f, (int) needed);
                copied = true;
            }
            if (s.applied().get(i)) {
                if (!copied) {
                    f = f.clone();
                    copied = true;
                }
                System.arraycopy(e.data(), 0, f, (int) e.offset(), (int) e.length());
            }
        }
        return copied ? f : f.clone();
    }

    void write(State s, Path file) throws IOException {
        Files.write(file, materialise(s));
    }

    private static String digest(byte[] b) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The guest's side: applies requests to a node and to a shadow of the disk, and remembers,
     * at every completed flush, what the guest may rely on from then on.
     */
    static final class Guest {
        private record Op(long offset, byte[] data) {
        }

        private record Checkpoint(int ops, byte[] shadow, int lastFileFlush) {
        }

        private final BlockNode node;
        private final RecordingNode file;
        private final int clusterSize;
        private final byte[] shadow;
        private final List<Op> ops = new ArrayList<>();
        private final List<Checkpoint> checkpoints = new ArrayList<>();

        /** @param initial the guest disk's content when the workload starts (already stable) */
        Guest(BlockNode node, RecordingNode file, int clusterSize, byte[] initial) {
            this.node = node;
            this.file = file;
            this.clusterSize = clusterSize;
            this.shadow = initial.clone();
            checkpoints.add(new Checkpoint(0, shadow.clone(), Integer.MIN_VALUE));
        }

        void write(long offset, int length, int pattern) throws IOException {
            byte[] data = new byte[length];
            for (int i = 0; i < length; i++) {
                data[i] = (byte) (pattern + i / 512);
            }
            try (Arena a = Arena.ofConfined()) {
                MemorySegment s = a.allocate(length);
                s.copyFrom(MemorySegment.ofArray(data));
                node.write(offset, s);
            }
            apply(offset, data);
        }

        void writeZeroes(long offset, int length, boolean mayUnmap) throws IOException {
            node.writeZeroes(offset, length, mayUnmap ? RequestFlags.MAY_UNMAP : 0);
            apply(offset, new byte[length]);
        }

        /** A discard: the whole clusters of the range read as zeroes afterwards. */
        void discard(long offset, int length) throws IOException {
            node.discard(offset, length);
            long first = (offset + clusterSize - 1) / clusterSize * clusterSize;
            long end = (offset + length) / clusterSize * clusterSize;
            if (end > first) {
                apply(first, new byte[(int) (end - first)]);
            }
        }

        void flush() throws IOException {
            node.flush();
            List<RecordingNode.Event> ev = file.snapshot();
            int last = -1;
            for (int i = 0; i < ev.size(); i++) {
                if (ev.get(i).isFlush()) {
                    last = i;
                }
            }
            checkpoints.add(new Checkpoint(ops.size(), shadow.clone(), last));
        }

        byte[] shadow() {
            return shadow.clone();
        }

        private void apply(long offset, byte[] data) {
            System.arraycopy(data, 0, shadow, (int) offset, data.length);
            ops.add(new Op(offset, data));
        }

        /**
         * Fails unless {@code actual} (the guest disk read from crash state {@code s}) holds every
         * byte acknowledged before the last guest flush that completed in that state: each byte is
         * the one of that flush, or one written after it.
         */
        void assertDurable(CrashStates.State s, byte[] actual, String what) {
            Checkpoint c = checkpoints.get(0);
            for (Checkpoint k : checkpoints) {
                if (k.lastFileFlush() <= s.lastFlush()) {
                    c = k;
                }
            }
            if (actual.length != c.shadow().length) {
                fail(what + ": guest disk of " + actual.length + " bytes, expected " + c.shadow().length);
            }
            for (int b = 0; b < actual.length; b++) {
                if (actual[b] == c.shadow()[b] || writtenLater(c, b, actual[b])) {
                    continue;
                }
                fail(what + ": guest byte " + b + " reads " + (actual[b] & 0xff) + ", but the flush completed "
                        + "in this state made it " + (c.shadow()[b] & 0xff) + " (and nothing later wrote that value)");
            }
        }

        private boolean writtenLater(Checkpoint c, int b, byte value) {
            for (int i = c.ops(); i < ops.size(); i++) {
                Op o = ops.get(i);
                if (b >= o.offset() && b < o.offset() + o.data().length && o.data()[(int) (b - o.offset())] == value) {
                    return true;
                }
            }
            return false;
        }
    }
}
