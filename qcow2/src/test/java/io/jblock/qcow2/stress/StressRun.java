package io.jblock.qcow2.stress;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many threads of random requests on one node, checked against a shadow model, then by
 * {@code qemu-img check} and {@code qemu-img compare} against the shadow written as a raw file.
 *
 * <p>The model stays simple by dividing the disk:
 * <ul>
 * <li><b>own regions</b>, one per thread, with boundaries that cut through clusters (so
 *     neighbours copy-on-write the same clusters): only the owner changes them, so its shadow is
 *     exact; it reads, writes unaligned ranges of random bytes, writes zeroes (with and without
 *     MAY_UNMAP) and discards. A discarded byte reads as before or as zero, then as what it was
 *     read as.</li>
 * <li><b>the shared region</b>, where every thread writes whole 512-byte cells: each cell is 64
 *     copies of one 8-byte tag naming the cell, the writer and its sequence number (zero writes
 *     write tag 0). Rules: a cell never reads torn (mixed tags); every tag read was written to that
 *     cell; at the end each cell holds the tag of a write that no other write to the cell
 *     followed in real time (one that started after it had completed).</li>
 * </ul>
 * Flushes come from every thread. Thread-safe by construction: shadows are per thread, the shared
 * region's history is in concurrent collections.
 */
final class StressRun {

    /** One configuration: format, image options, open options. */
    record Config(String name, String format, String createOptions, boolean backing, String openOptions,
                  long sizeBytes) {
    }

    /** What a run did. */
    record Result(long ops, long reads, long writes, long zeroes, long discards, long flushes, long sharedCells) {
    }

    static final int CELL = 512;

    private final Config config;
    private final Path dir;
    private final int threads;
    private final long seed;
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong zeroes = new AtomicLong();
    private final AtomicLong discards = new AtomicLong();
    private final AtomicLong flushes = new AtomicLong();
    private long sharedStart;
    private long sharedEnd;
    private long[] regionStart;
    private byte[] initial;
    /**
     * Per cell: every completed write (tag, start, end in ns). A queue, not a copy-on-write list:
     * a contended cell collects tens of thousands of writes in a long run, and copying the list on
     * every add made the run quadratic.
     */
    private final ConcurrentHashMap<Long, Collection<long[]>> cellWrites = new ConcurrentHashMap<>();
    /** Tags ever issued (set before the write starts), per cell implied by the tag. */
    private final java.util.Set<Long> issued = ConcurrentHashMap.newKeySet();

    StressRun(Config config, Path dir, int threads, long seed) {
        this.config = config;
        this.dir = dir;
        this.threads = threads;
        this.seed = seed;
    }

    private Path image() {
        return dir.resolve("stress." + config.format());
    }

    /** Creates the image (and its backing file) with qemu-img and returns the disk's first content. */
    private byte[] create() throws IOException {
        Path img = image();
        long size = config.sizeBytes();
        byte[] content = new byte[(int) size];
        if (config.format().equals("raw")) {
            new Random(seed).nextBytes(content);
            Files.write(img, content);
            return content;
        }
        List<String> c = new ArrayList<>(List.of("create", "-q", "-f", "qcow2"));
        String opts = config.createOptions();
        if (config.backing()) {
            Path base = dir.resolve("stress-base.raw");
            byte[] b = new byte[(int) (size * 3 / 4)];
            new Random(seed + 1).nextBytes(b);
            Files.write(base, b);
            System.arraycopy(b, 0, content, 0, b.length);
            opts = (opts.isEmpty() ? "" : opts + ",") + "backing_file=" + base.getFileName() + ",backing_fmt=raw";
        }
        if (!opts.isEmpty()) {
            c.add("-o");
            c.add(opts);
        }
        c.add(img.toString());
        c.add(Long.toString(size));
        QemuTools.img(c.toArray(String[]::new));
        return content;
    }

    /**
     * Runs until {@code opsPerThread} requests per thread, or {@code seconds} (when positive)
     * have passed; returns the counts or throws an AssertionError naming the broken rule.
     */
    Result run(long opsPerThread, long seconds) throws Exception {
        return run(opsPerThread, seconds, null);
    }

    /** As {@link #run(long, long)}; {@code tamper} sees the open node first (negative controls). */
    Result run(long opsPerThread, long seconds, java.util.function.Consumer<BlockNode> tamper) throws Exception {
        initial = create();
        long size = config.sizeBytes();
        sharedStart = (size * 3 / 4) / CELL * CELL;
        sharedEnd = size / CELL * CELL;
        regionStart = new long[threads + 1];
        for (int t = 0; t <= threads; t++) {
            // odd boundaries: neighbouring threads share clusters
            regionStart[t] = t == threads ? sharedStart : t * (sharedStart / threads) + (t == 0 ? 0 : 777 * t % 4093);
        }
        String graph = "driver=" + config.format() + ",discard=unmap" + config.openOptions()
                + ",file.driver=file,file.filename=" + image();
        byte[][] finalOwn = new byte[threads][];
        try (BlockNode node = BlockGraph.open(graph)) {
            if (tamper != null) {
                tamper.accept(node);
            }
            prefillShared(node);
            long deadline = seconds > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds) : Long.MAX_VALUE;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<byte[]>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    done.add(pool.submit(() -> worker(node, id, opsPerThread, deadline)));
                }
                for (int t = 0; t < threads; t++) {
                    try {
                        finalOwn[t] = done.get(t).get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        if (e.getCause() instanceof Error err) {
                            throw err; // a broken rule, as the worker found it
                        }
                        throw e;
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            node.flush();
            byte[] sharedFinal = new byte[(int) (sharedEnd - sharedStart)];
            node.read(sharedStart, MemorySegment.ofArray(sharedFinal));
            checkSharedFinal(sharedFinal);
            byte[] shadow = initial.clone();
            for (int t = 0; t < threads; t++) {
                System.arraycopy(finalOwn[t], 0, shadow, (int) regionStart[t], finalOwn[t].length);
            }
            System.arraycopy(sharedFinal, 0, shadow, (int) sharedStart, sharedFinal.length);
            writeShadow(shadow);
        }
        verifyWithQemu();
        return new Result(ops.get(), reads.get(), writes.get(), zeroes.get(), discards.get(), flushes.get(),
                (sharedEnd - sharedStart) / CELL);
    }

    private void prefillShared(BlockNode node) throws IOException {
        // every cell starts with a valid tag of "thread 255", so the rules hold from the start
        byte[] b = new byte[(int) (sharedEnd - sharedStart)];
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN);
        for (long c = 0; c < b.length / CELL; c++) {
            long cell = sharedStart / CELL + c;
            long tag = tag(cell, 255, 0);
            issued.add(tag);
            for (int k = 0; k < CELL / 8; k++) {
                bb.putLong((int) (c * CELL + k * 8), tag);
            }
            cellWrites.computeIfAbsent(cell, x -> new ConcurrentLinkedQueue<>()).add(new long[] {tag, 0, 0});
        }
        node.write(sharedStart, MemorySegment.ofArray(b));
        System.arraycopy(b, 0, initial, (int) sharedStart, b.length);
    }

    private static long tag(long cell, int thread, long seq) {
        return (cell << 32) | ((long) thread << 24) | (seq & 0xff_ffff) | (1L << 63);
    }

    /** One thread: its own region (exact shadow) and the shared region (tag rules). */
    private byte[] worker(BlockNode node, int id, long maxOps, long deadline) throws Exception {
        Random r = new Random(seed * 31 + id);
        long start = regionStart[id];
        long end = regionStart[id + 1];
        int len0 = (int) (end - start);
        byte[] shadow = new byte[len0];
        System.arraycopy(initial, (int) start, shadow, 0, len0);
        BitSet maybeZero = new BitSet(len0);
        byte[] pool = new byte[1 << 20];
        r.nextBytes(pool);
        long seq = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(1 << 18, 4096);
            for (long i = 0; i < maxOps && System.nanoTime() < deadline; i++) {
                ops.incrementAndGet();
                int kind = r.nextInt(100);
                if (kind < 20) {
                    sharedOp(node, id, r, ++seq, buf);
                    continue;
                }
                int len = 1 + r.nextInt(r.nextInt(20) == 0 ? 200_000 : 9000);
                len = Math.min(len, len0);
                int off = r.nextInt(len0 - len + 1);
                if (kind < 50) {
                    reads.incrementAndGet();
                    MemorySegment s = buf.asSlice(0, Math.min(len, buf.byteSize()));
                    node.read(start + off, s);
                    byte[] got = s.toArray(ValueLayout.JAVA_BYTE);
                    for (int k = 0; k < got.length; k++) {
                        int p = off + k;
                        if (got[k] != shadow[p] && !(maybeZero.get(p) && got[k] == 0)) {
                            throw new AssertionError(config.name() + ": thread " + id + " read byte " + (start + p)
                                    + " as " + got[k] + ", expected " + shadow[p] + (maybeZero.get(p) ? " or 0" : ""));
                        }
                        shadow[p] = got[k];
                    }
                    maybeZero.clear(off, off + got.length);
                } else if (kind < 80) {
                    writes.incrementAndGet();
                    int at = r.nextInt(pool.length - len + 1);
                    MemorySegment src = len <= buf.byteSize() && r.nextBoolean()
                            ? buf.asSlice(0, len).copyFrom(MemorySegment.ofArray(pool).asSlice(at, len))
                            : MemorySegment.ofArray(pool).asSlice(at, len); // heap buffers are bounced
                    node.write(start + off, src, r.nextInt(10) == 0 ? RequestFlags.FUA : RequestFlags.NONE);
                    System.arraycopy(pool, at, shadow, off, len);
                    maybeZero.clear(off, off + len);
                } else if (kind < 90) {
                    zeroes.incrementAndGet();
                    node.writeZeroes(start + off, len, r.nextBoolean() ? RequestFlags.MAY_UNMAP : 0);
                    java.util.Arrays.fill(shadow, off, off + len, (byte) 0);
                    maybeZero.clear(off, off + len);
                } else if (kind < 96) {
                    discards.incrementAndGet();
                    node.discard(start + off, len);
                    maybeZero.set(off, off + len);
                } else {
                    flushes.incrementAndGet();
                    node.flush();
                }
            }
            // what the region holds at the end, checked against the shadow
            byte[] all = new byte[len0];
            node.read(start, MemorySegment.ofArray(all));
            for (int p = 0; p < len0; p++) {
                if (all[p] != shadow[p] && !(maybeZero.get(p) && all[p] == 0)) {
                    throw new AssertionError(config.name() + ": thread " + id + " finally reads byte " + (start + p)
                            + " as " + all[p] + ", expected " + shadow[p]);
                }
            }
            return all;
        }
    }

    private void sharedOp(BlockNode node, int id, Random r, long seq, MemorySegment buf) throws IOException {
        long cells = (sharedEnd - sharedStart) / CELL;
        int n = 1 + r.nextInt(r.nextBoolean() ? 4 : 64);
        long first = r.nextLong(cells - Math.min(n, cells) + 1);
        n = (int) Math.min(n, cells - first);
        long off = sharedStart + first * CELL;
        MemorySegment s = buf.asSlice(0, (long) n * CELL);
        int kind = r.nextInt(10);
        if (kind < 4) {
            reads.incrementAndGet();
            node.read(off, s);
            for (int c = 0; c < n; c++) {
                // a read racing a write of the same cell may see it half done (no request promises
                // atomicity against an overlapping one); a whole cell must still be one of its own tags
                MemorySegment cell = s.asSlice((long) c * CELL, CELL);
                if (uniform(cell)) {
                    checkCell(sharedStart / CELL + first + c, cell, "read by thread " + id);
                }
            }
            return;
        }
        boolean zero = kind >= 8;
        long[] tags = new long[n];
        for (int c = 0; c < n; c++) {
            long cell = sharedStart / CELL + first + c;
            tags[c] = zero ? 0 : tag(cell, id, seq);
            if (!zero) {
                issued.add(tags[c]);
            }
            for (int k = 0; k < CELL / 8; k++) {
                s.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), (long) c * CELL + k * 8L, tags[c]);
            }
        }
        long t0 = System.nanoTime();
        if (zero) {
            zeroes.incrementAndGet();
            node.writeZeroes(off, (long) n * CELL, r.nextBoolean() ? RequestFlags.MAY_UNMAP : 0);
        } else {
            writes.incrementAndGet();
            node.write(off, s);
        }
        long t1 = System.nanoTime();
        for (int c = 0; c < n; c++) {
            cellWrites.computeIfAbsent(sharedStart / CELL + first + c, x -> new ConcurrentLinkedQueue<>())
                    .add(new long[] {tags[c], t0, t1});
        }
    }

    private static boolean uniform(MemorySegment cell) {
        var layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        long tag = cell.get(layout, 0);
        for (int k = 1; k < CELL / 8; k++) {
            if (cell.get(layout, k * 8L) != tag) {
                return false;
            }
        }
        return true;
    }

    /** Rules 1 and 2: one tag throughout, and a tag written to this very cell (or zero). */
    private long checkCell(long cell, MemorySegment s, String who) {
        var layout = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
        long tag = s.get(layout, 0);
        for (int k = 1; k < CELL / 8; k++) {
            if (s.get(layout, k * 8L) != tag) {
                throw new AssertionError(config.name() + ": shared cell " + cell + " torn (" + who + "): word 0 is 0x"
                        + Long.toHexString(tag) + ", word " + k + " is 0x" + Long.toHexString(s.get(layout, k * 8L)));
            }
        }
        if (tag != 0 && ((tag >>> 32 & 0x7fff_ffffL) != cell || !issued.contains(tag))) {
            throw new AssertionError(config.name() + ": shared cell " + cell + " holds tag 0x" + Long.toHexString(tag)
                    + " that was never written there (" + who + ")");
        }
        return tag;
    }

    /** Rule 3: the final tag's write was not followed in real time by another write to the cell. */
    private void checkSharedFinal(byte[] shared) {
        MemorySegment all = MemorySegment.ofArray(shared);
        for (long c = 0; c < shared.length / CELL; c++) {
            long cell = sharedStart / CELL + c;
            long tag = checkCell(cell, all.asSlice(c * CELL, CELL), "final");
            Collection<long[]> history = cellWrites.getOrDefault(cell, List.of());
            long latestStart = Long.MIN_VALUE;
            for (long[] w : history) {
                latestStart = Math.max(latestStart, w[1]);
            }
            boolean ok = false;
            for (long[] w : history) {
                if (w[0] == tag && w[2] >= latestStart) {
                    ok = true; // this write was still running when the last one started: it may win
                    break;
                }
            }
            if (!ok) {
                throw new AssertionError(config.name() + ": shared cell " + cell + " ends with tag 0x"
                        + Long.toHexString(tag) + ", but a later write to it followed that one");
            }
        }
    }

    private Path shadowFile() {
        return dir.resolve("stress-shadow.raw");
    }

    private void writeShadow(byte[] shadow) throws IOException {
        Files.write(shadowFile(), shadow);
    }

    private void verifyWithQemu() {
        if (config.format().equals("qcow2")) {
            QemuTools.checkClean(image());
        }
        QemuTools.Result c = QemuTools.run("qemu-img", "compare", "-f", config.format(), "-F", "raw",
                image().toString(), shadowFile().toString());
        if (c.exitCode() != 0) {
            throw new AssertionError(config.name() + ": qemu-img compare with the shadow: " + c.output());
        }
    }
}
