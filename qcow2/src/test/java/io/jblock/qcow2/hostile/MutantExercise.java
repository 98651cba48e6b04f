package io.jblock.qcow2.hostile;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import io.jblock.storage.OpenOptions;
import io.jblock.storage.feature.ImageChecker;
import io.jblock.storage.feature.SnapshotTable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every mutant goes through, each step on its own so that one refused step does not hide
 * the next: open read-only, format-specific info and the snapshot list, check, a block-status
 * map of the whole disk, and reading (all of it up to {@value #READ_ALL_LIMIT} bytes, else every
 * mapped data run up to that much plus samples). Optionally a read-write pass: open (which
 * repairs a dirty image), writes, a discard, a flush, a repairing check. An {@link IOException}
 * ends its step and is the expected answer to a broken image; anything else escapes to the
 * runner as a defect.
 */
final class MutantExercise {

    static final long READ_ALL_LIMIT = 16L << 20;
    private static final int MAX_STATUS_CALLS = 20_000;

    /** What the exercise is doing now, for the watchdog's report. */
    static volatile String step = "idle";

    private MutantExercise() {
    }

    /** The open options of an image: JSON, with the backing given explicitly or switched off. */
    static String openString(Path image, Path backing, boolean readOnly) {
        String b = backing == null ? "null"
                : "{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"" + backing + "\"}}";
        return "json:{\"driver\":\"qcow2\",\"read-only\":" + readOnly + ",\"cache-clean-interval\":0,\"backing\":" + b
                + ",\"file\":{\"driver\":\"file\",\"locking\":\"off\",\"filename\":\"" + image + "\"}}";
    }

    /**
     * Runs the read-only steps; returns "ok" or the first refused step and its exception class
     * (as {@code step:Class}).
     */
    static String readOnly(Path image, Path backing) {
        List<String> refused = new ArrayList<>();
        BlockNode n;
        step = "open";
        try {
            n = BlockGraph.open(openString(image, backing, true), OpenOptions.READ_ONLY);
        } catch (IOException e) {
            return "open:" + name(e);
        }
        try {
            step = "info";
            try {
                n.formatSpecificInfo();
                n.size();
            } catch (IOException e) {
                refused.add("info:" + name(e));
            }
            step = "snapshots";
            try {
                n.driverFeature(SnapshotTable.class).orElseThrow().snapshots();
            } catch (IOException e) {
                refused.add("snapshots:" + name(e));
            }
            step = "check";
            try {
                n.driverFeature(ImageChecker.class).orElseThrow().check(false, false);
            } catch (IOException e) {
                refused.add("check:" + name(e));
            }
            step = "map";
            List<long[]> data = new ArrayList<>();
            try {
                map(n, data);
            } catch (IOException e) {
                refused.add("map:" + name(e));
            }
            step = "read";
            try {
                readAll(n, data);
            } catch (IOException e) {
                refused.add("read:" + name(e));
            }
        } finally {
            step = "close";
            try {
                n.close();
            } catch (IOException e) {
                refused.add("close:" + name(e));
            }
        }
        return refused.isEmpty() ? "ok" : refused.get(0);
    }

    /** Block status from 0 to the end; remembers data runs (at most a few thousand). */
    private static void map(BlockNode n, List<long[]> data) throws IOException {
        long size = n.size();
        long off = 0;
        for (int calls = 0; off < size && calls < MAX_STATUS_CALLS; calls++) {
            BlockStatus s = n.blockStatus(off, size - off);
            if (s.length() < 1 || s.offset() != off || s.length() > size - off) {
                throw new IllegalStateException("block status " + s + " answers a query at " + off
                        + " of a disk of " + size + " bytes");
            }
            if (s.data() && data.size() < 4096) {
                data.add(new long[] {off, s.length()});
            }
            off += s.length();
        }
    }

    private static void readAll(BlockNode n, List<long[]> data) throws IOException {
        long size = n.size();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(1 << 20, 4096);
            if (size <= READ_ALL_LIMIT) {
                for (long p = 0; p < size; p += buf.byteSize()) {
                    n.read(p, buf.asSlice(0, Math.min(buf.byteSize(), size - p)));
                }
                if (size > 7) {
                    n.read(size / 3, buf.asSlice(0, Math.min(4093, size - size / 3))); // unaligned too
                }
                return;
            }
            long budget = READ_ALL_LIMIT;
            for (long[] run : data) {
                for (long p = run[0]; p < run[0] + run[1] && budget > 0; p += buf.byteSize()) {
                    long len = Math.min(Math.min(buf.byteSize(), run[0] + run[1] - p), budget);
                    n.read(p, buf.asSlice(0, len));
                    budget -= len;
                }
            }
            for (long p : new long[] {0, size / 2, size - Math.min(size, 65536)}) {
                n.read(p, buf.asSlice(0, Math.min(65536, size - p)));
            }
        }
    }

    /** Opens read-write and writes; returns "ok" or the first refused step. */
    static String readWrite(Path image, Path backing, long seed) {
        step = "rw-open";
        BlockNode n;
        try {
            n = BlockGraph.open(openString(image, backing, false));
        } catch (IOException e) {
            return "rw-open:" + name(e);
        }
        String result = "ok";
        try {
            long size = n.size();
            java.util.Random r = new java.util.Random(seed);
            byte[] data = new byte[5000];
            r.nextBytes(data);
            step = "rw-write";
            for (int i = 0; i < 3 && size > data.length; i++) {
                n.write(r.nextLong(size - data.length), MemorySegment.ofArray(data));
            }
            step = "rw-discard";
            if (size > 0) {
                n.discard(0, Math.min(size, 1 << 20));
            }
            step = "rw-flush";
            n.flush();
            step = "rw-check";
            n.driverFeature(ImageChecker.class).orElseThrow().check(true, true);
        } catch (IOException e) {
            result = step + ":" + name(e);
        } finally {
            step = "rw-close";
            try {
                n.close();
            } catch (IOException e) {
                if (result.equals("ok")) {
                    result = "rw-close:" + name(e);
                }
            }
        }
        return result;
    }

    private static String name(IOException e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new IllegalStateException("an IOException without a message: " + e.getClass().getName(), e);
        }
        return e.getClass().getSimpleName();
    }

    /** Bytes of the file (a read-write pass must not make it grow without bound). */
    static long fileSize(Path p) throws IOException {
        return Files.size(p);
    }
}
