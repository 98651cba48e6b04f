package io.jblock.qcow2.faults;

import io.jblock.ffm.Errno;
import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.BlockNode;
import io.jblock.storage.Preallocation;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.feature.FaultInjector;
import io.jblock.storage.spi.DebugEvent;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seeded fault-injection runs: a qcow2 (or raw) image over {@code blkdebug} over the file
 * driver, a random single-threaded workload (unaligned writes, write-zeroes, discards, flushes,
 * verified reads, growth), and faults added while it runs: EIO or ENOSPC on the Nth read, write
 * or flush ({@code x-after}), on requests in a host byte range ({@code x-offset}), at a named
 * qcow2 event, or a full disk for a while. Each run then checks, and fails with the seed and the
 * operation log when something is wrong:
 *
 * <ul>
 * <li>every injected error reached the caller of the request that hit it, as a
 *     {@link BlockIOException} with the injected errno naming the node and the image file, and no
 *     request failed without an injection;</li>
 * <li>every read returned what the {@link ShadowDisk} allows;</li>
 * <li>after a successful flush blkdebug saw no write that the flush left unflushed (a flush is
 *     never reported as successful for writes it did not make stable);</li>
 * <li>once the faults stop (space returns), requests and the final flush and close succeed;</li>
 * <li>{@code qemu-img check} finds no corruption (leaks are allowed) and qemu-img reads the
 *     visible view (or, when a persistent fault kept the close from succeeding, the durable view:
 *     everything flushed before is intact); internal snapshots read as they were.</li>
 * </ul>
 */
final class FaultCampaign {

    /** One kind of image a run starts from. */
    record Setup(String name, String format, String createOptions, int sizeMiB, boolean backing,
                 boolean snapshot, boolean compressed, int bigWriteKiB) {
    }

    static final List<Setup> SETUPS = List.of(
            new Setup("qcow2-64k", "qcow2", "", 4, false, false, false, 0),
            new Setup("qcow2-4k-small-cache", "qcow2", "cluster_size=4096", 4, false, false, false, 0),
            new Setup("qcow2-512-reftable-growth", "qcow2", "cluster_size=512", 10, false, false, false, 320),
            new Setup("qcow2-32k-extended-l2", "qcow2", "cluster_size=32768,extended_l2=on", 4, false, false, false, 0),
            new Setup("qcow2-4k-lazy", "qcow2", "cluster_size=4096,lazy_refcounts=on", 4, false, false, false, 0),
            new Setup("qcow2-4k-backing", "qcow2", "cluster_size=4096", 4, true, false, false, 0),
            new Setup("qcow2-64k-snapshot", "qcow2", "", 4, false, true, false, 0),
            new Setup("qcow2-4k-snapshot-backing", "qcow2", "cluster_size=4096", 4, true, true, false, 0),
            new Setup("qcow2-v2-4k", "qcow2", "compat=0.10,cluster_size=4096", 4, false, false, false, 0),
            new Setup("qcow2-4k-refcount1", "qcow2", "cluster_size=4096,refcount_bits=1", 4, false, false, false, 0),
            new Setup("qcow2-4k-compressed", "qcow2", "cluster_size=4096", 4, false, false, true, 0),
            new Setup("raw", "raw", "", 4, false, false, false, 0));

    private static final String[] CACHE_MODES = {"writeback", "writethrough", "none", "directsync"};
    private static final DebugEvent[] QCOW2_EVENTS = {
        DebugEvent.L1_UPDATE, DebugEvent.L1_GROW_ALLOC_TABLE, DebugEvent.L1_GROW_WRITE_TABLE,
        DebugEvent.L1_GROW_ACTIVATE_TABLE, DebugEvent.L2_LOAD, DebugEvent.L2_UPDATE, DebugEvent.L2_ALLOC_COW_READ,
        DebugEvent.L2_ALLOC_WRITE, DebugEvent.READ_AIO, DebugEvent.READ_BACKING_AIO, DebugEvent.READ_COMPRESSED,
        DebugEvent.WRITE_AIO, DebugEvent.COW_READ, DebugEvent.COW_WRITE, DebugEvent.REFTABLE_LOAD,
        DebugEvent.REFTABLE_GROW, DebugEvent.REFTABLE_UPDATE, DebugEvent.REFBLOCK_LOAD, DebugEvent.REFBLOCK_UPDATE,
        DebugEvent.REFBLOCK_UPDATE_PART, DebugEvent.REFBLOCK_ALLOC, DebugEvent.REFBLOCK_ALLOC_HOOKUP,
        DebugEvent.REFBLOCK_ALLOC_WRITE, DebugEvent.REFBLOCK_ALLOC_WRITE_BLOCKS,
        DebugEvent.REFBLOCK_ALLOC_WRITE_TABLE, DebugEvent.REFBLOCK_ALLOC_SWITCH_TABLE, DebugEvent.CLUSTER_ALLOC,
        DebugEvent.CLUSTER_ALLOC_BYTES, DebugEvent.CLUSTER_FREE, DebugEvent.FLUSH_TO_OS, DebugEvent.FLUSH_TO_DISK};

    /** What one run did. */
    record Result(long injected, long failedRequests, long requests, int leaks, boolean cleanEnd, long eventsSeen) {
    }

    /** A prepared starting image of one setup (made once by qemu-img, copied for each run). */
    private record Template(Setup setup, Path image, byte[] content, byte[] snapshotContent) {
    }

    private final Path dir;
    private final Map<String, Template> templates = new LinkedHashMap<>();

    FaultCampaign(Path dir) {
        this.dir = dir;
    }

    private Template template(Setup s) throws IOException {
        Template t = templates.get(s.name());
        if (t != null) {
            return t;
        }
        QemuTools.require();
        Path sub = Files.createDirectories(dir.resolve(s.name()));
        Path img = sub.resolve("template." + s.format());
        String size = s.sizeMiB() + "M";
        Random r = new Random(s.name().hashCode());
        if (s.format().equals("raw")) {
            byte[] b = new byte[s.sizeMiB() << 20];
            r.nextBytes(b);
            Files.write(img, b);
            t = new Template(s, img, b, null);
            templates.put(s.name(), t);
            return t;
        }
        List<String> create = new ArrayList<>(List.of("create", "-q", "-f", "qcow2"));
        String opts = s.createOptions();
        if (s.backing()) {
            Path base = sub.resolve("base.qcow2");
            QemuTools.img("create", "-q", "-f", "qcow2", base.toString(), (s.sizeMiB() - 1) + "M");
            QemuTools.io(base, "qcow2", "write -P 0x5a 0 " + ((s.sizeMiB() - 1) << 20), "write -P 0xa5 300k 200k",
                    "write -z 1M 64k");
            opts = (opts.isEmpty() ? "" : opts + ",") + "backing_file=base.qcow2,backing_fmt=qcow2";
        }
        if (!opts.isEmpty()) {
            create.add("-o");
            create.add(opts);
        }
        if (s.compressed()) {
            Path raw = sub.resolve("content.raw");
            byte[] b = new byte[s.sizeMiB() << 20];
            for (int i = 0; i < b.length / 2; i++) {
                b[i] = (byte) (i / 777 % 7); // compressible, clusters differ
            }
            Files.write(raw, b);
            QemuTools.img("convert", "-q", "-c", "-f", "raw", "-O", "qcow2", "-o", opts, raw.toString(), img.toString());
            Files.delete(raw);
        } else {
            create.add(img.toString());
            create.add(size);
            QemuTools.img(create.toArray(String[]::new));
            QemuTools.io(img, "qcow2", "write -P 0x11 64k 200k", "write -P 0x22 2M 70k", "write -z 3M 64k");
        }
        byte[] snapshotContent = null;
        if (s.snapshot()) {
            QemuTools.img("snapshot", "-c", "s1", img.toString());
            snapshotContent = QemuTools.toRaw(img, sub);
            QemuTools.io(img, "qcow2", "write -P 0x33 1M 100k"); // some clusters shared, some not
        }
        t = new Template(s, img, QemuTools.toRaw(img, sub), snapshotContent);
        templates.put(s.name(), t);
        return t;
    }

    /**
     * Runs seeds outside JUnit (long runs from a copy of the test class path): arguments work
     * directory, first seed, faults to inject; prints one line per run and the totals.
     */
    public static void main(String[] args) throws IOException {
        FaultCampaign c = new FaultCampaign(java.nio.file.Path.of(args[0]));
        long seed = Long.parseLong(args[1]);
        long target = Long.parseLong(args[2]);
        long injected = 0;
        long runs = 0;
        long requests = 0;
        while (injected < target) {
            Result r = c.run(seed + runs);
            injected += r.injected();
            requests += r.requests();
            runs++;
            System.out.println("seed " + (seed + runs - 1) + ": " + r);
        }
        System.out.println("fault campaign: " + runs + " runs, " + requests + " requests, " + injected
                + " injected errors");
    }

    /** A workload step that failed a check; carries the run's log. */
    static final class Violation extends AssertionError {
        private static final long serialVersionUID = 1L;

        Violation(String what, Throwable cause) {
            super(what, cause);
        }
    }

    /** Runs one seeded run; throws {@link Violation} with the seed and log when a check fails. */
    Result run(long seed) throws IOException {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L);
        Setup s = SETUPS.get((int) Math.floorMod(seed, (long) SETUPS.size())); // consecutive seeds cover every setup
        Template t = template(s);
        Path img = t.image().resolveSibling("run-" + seed + "." + s.format());
        Files.copy(t.image(), img, StandardCopyOption.REPLACE_EXISTING);
        String cache = CACHE_MODES[r.nextInt(CACHE_MODES.length)];
        boolean smallCache = s.format().equals("qcow2") && (s.name().contains("small-cache") || r.nextBoolean());
        boolean persistent = r.nextInt(6) == 0;
        Run run = new Run(seed, s, t, img, cache, smallCache, persistent, r);
        try {
            Result res = run.execute();
            Files.deleteIfExists(img);
            return res;
        } catch (Violation | RuntimeException e) {
            throw new Violation("fault run seed " + seed + " failed (setup " + s.name() + ", cache=" + cache
                    + (smallCache ? ", small caches" : "") + (persistent ? ", persistent fault" : "") + "; image kept at "
                    + img + "):\n" + e.getMessage() + "\n--- log (last 60 steps) ---\n" + run.log(), e);
        }
    }

    /** One run's state. */
    private static final class Run {
        private final long seed;
        private final Setup setup;
        private final Template template;
        private final Path img;
        private final String cache;
        private final boolean smallCache;
        private final boolean persistent;
        private final Random r;
        private final List<String> log = new ArrayList<>();
        private final Set<Integer> errnos = new HashSet<>();
        private ShadowDisk shadow;
        private BlockNode node;
        private FaultInjector inj;
        private long requests;
        private long failed;
        private boolean writethrough;

        Run(long seed, Setup setup, Template template, Path img, String cache, boolean smallCache, boolean persistent,
            Random r) {
            this.seed = seed;
            this.setup = setup;
            this.template = template;
            this.img = img;
            this.cache = cache;
            this.smallCache = smallCache;
            this.persistent = persistent;
            this.r = r;
        }

        String log() {
            return String.join("\n", log.subList(Math.max(0, log.size() - 60), log.size()));
        }

        private String graph() {
            StringBuilder sb = new StringBuilder("driver=").append(setup.format()).append(",node-name=top,cache=")
                    .append(cache).append(",discard=unmap");
            if (setup.format().equals("qcow2")) {
                sb.append(",cache-clean-interval=0");
                if (smallCache) {
                    sb.append(",l2-cache-size=1k,refcount-cache-size=1k"); // the minimums: 2 and 4 entries
                }
            }
            sb.append(",file.driver=blkdebug,file.node-name=dbg,file.image.driver=file,file.image.filename=")
                    .append(img.toString().replace(",", ",,"));
            return sb.toString();
        }

        Result execute() throws IOException {
            shadow = new ShadowDisk(template.content());
            writethrough = !cache.equals("writeback") && !cache.equals("none");
            node = BlockGraph.open(graph());
            inj = node.child("file").driverFeature(FaultInjector.class).orElseThrow();
            int ops = 60 + r.nextInt(40);
            int faultEvery = 6 + r.nextInt(10);
            int fullUntil = -1;
            for (int i = 0; i < ops; i++) {
                if (i > 0 && i % faultEvery == 0) {
                    fullUntil = planFault(i, fullUntil);
                }
                if (i == fullUntil) {
                    inj.setDiskFull(false);
                    log.add("space returns");
                }
                step(i, true);
            }
            boolean clean = !persistent;
            if (clean) {
                inj.clearRules();
                inj.setDiskFull(false);
                log.add("faults stop");
                for (int i = 0; i < 12; i++) {
                    step(ops + i, false); // the node must work again
                }
                long before = inj.injectedErrors();
                try {
                    node.flush();
                } catch (IOException e) {
                    throw new Violation("the flush after the faults stopped failed", e);
                }
                shadow.flushed();
                requireUnflushedZero("final flush");
                verifyAll();
                try {
                    node.close();
                } catch (IOException e) {
                    throw new Violation("close after the faults stopped failed", e);
                }
                if (inj.injectedErrors() != before) {
                    throw new Violation("an error was injected after the rules were cleared", null);
                }
            } else {
                log.add("end with a persistent fault: flush and close may fail");
                try {
                    node.flush();
                    shadow.flushed();
                } catch (IOException e) {
                    checkError(e, "final flush");
                }
                try {
                    node.close();
                } catch (IOException e) {
                    checkError(e, "close");
                    clean = false;
                }
            }
            long injected = inj.injectedErrors();
            long events = 0;
            for (DebugEvent e : QCOW2_EVENTS) {
                if (e != DebugEvent.FLUSH_TO_OS && e != DebugEvent.FLUSH_TO_DISK && e != DebugEvent.READ_AIO
                        && e != DebugEvent.WRITE_AIO) {
                    events += inj.events(e);
                }
            }
            int leaks = verifyOnDisk(clean);
            return new Result(injected, failed, requests, leaks, clean, events);
        }

        /** Adds one fault; returns the op index where a full disk ends (or the old one). */
        private int planFault(int i, int fullUntil) {
            int errno = r.nextInt(3) == 0 ? Errno.ENOSPC : Errno.EIO;
            String once = persistent && r.nextInt(3) == 0 ? "off" : "on";
            String rule;
            switch (r.nextInt(setup.format().equals("qcow2") ? 5 : 4)) {
                case 0 -> {
                    String[] types = {"write", "write", "read", "flush", "write-zeroes", "discard"};
                    String type = types[r.nextInt(types.length)];
                    rule = "event=none,iotype=" + type + ",x-after=" + r.nextInt(6);
                }
                case 1 -> {
                    long fileSize;
                    try {
                        fileSize = Math.max(4096, Files.size(img));
                    } catch (IOException e) {
                        fileSize = 1 << 20;
                    }
                    long off = (long) (r.nextDouble() * fileSize);
                    rule = "event=none,iotype=" + (r.nextBoolean() ? "write" : "read") + ",x-offset=" + off
                            + ",x-length=" + (512 + r.nextInt(65536));
                }
                case 2 -> {
                    rule = "event=none,iotype=flush";
                }
                case 3 -> {
                    if (fullUntil < i) {
                        inj.setDiskFull(true);
                        errnos.add(Errno.ENOSPC);
                        log.add("op " + i + ": the disk is full");
                        return i + 1 + r.nextInt(8);
                    }
                    rule = "event=none,iotype=write";
                }
                default -> {
                    DebugEvent e = QCOW2_EVENTS[r.nextInt(QCOW2_EVENTS.length)];
                    rule = "event=" + e.qemuName();
                }
            }
            String full = "inject-error.0." + rule.replace(",", ",inject-error.0.") + ",inject-error.0.errno=" + errno
                    + ",inject-error.0.once=" + once;
            inj.addRules(full);
            errnos.add(errno);
            log.add("op " + i + ": add " + full);
            return fullUntil;
        }

        private long size() throws IOException {
            return node.size();
        }

        /** One random request, checked. */
        private void step(int i, boolean faultsAllowed) throws IOException {
            long size = size();
            int cs = setup.bigWriteKiB() > 0 ? 512 : 4096;
            int kind = r.nextInt(100);
            long injBefore = inj.injectedErrors();
            String what;
            IOException failure = null;
            int len;
            long off;
            if (setup.bigWriteKiB() > 0 && kind < 15) {
                len = 1024 * (1 + r.nextInt(setup.bigWriteKiB()));
                off = r.nextLong(Math.max(1, size - len));
                kind = 0;
            } else {
                len = 1 + r.nextInt(r.nextBoolean() ? 3 * cs : 70000);
                off = r.nextLong(Math.max(1, size - len));
                len = (int) Math.min(len, size - off);
            }
            requests++;
            if (kind < 45) {
                byte[] data = new byte[len];
                r.nextBytes(data);
                what = "write " + off + " +" + len;
                try (Arena a = Arena.ofConfined()) {
                    MemorySegment seg = a.allocate(len);
                    seg.copyFrom(MemorySegment.ofArray(data));
                    boolean fua = r.nextInt(8) == 0;
                    what += fua ? " fua" : "";
                    node.write(off, seg, fua ? RequestFlags.FUA : RequestFlags.NONE);
                    shadow.written(off, len, data, 0);
                    if (writethrough) {
                        shadow.flushed();
                    } else if (fua) {
                        shadow.durable(off, len);
                    }
                } catch (IOException e) {
                    failure = e;
                    shadow.failed(off, len, data, 0);
                }
            } else if (kind < 55) {
                int flags = r.nextBoolean() ? RequestFlags.MAY_UNMAP : 0;
                what = "write-zeroes " + off + " +" + len + (flags != 0 ? " may-unmap" : "");
                try {
                    node.writeZeroes(off, len, flags);
                    shadow.written(off, len, null, 0);
                    if (writethrough) {
                        shadow.flushed();
                    }
                } catch (IOException e) {
                    failure = e;
                    shadow.failed(off, len, null, 0);
                }
            } else if (kind < 62) {
                what = "discard " + off + " +" + len;
                boolean v2Backed = setup.backing() && setup.createOptions().contains("compat=0.10");
                try {
                    node.discard(off, len);
                } catch (IOException e) {
                    failure = e;
                }
                if (!v2Backed) {
                    shadow.discarded(off, len);
                }
            } else if (kind < 72) {
                what = "flush";
                try {
                    node.flush();
                    shadow.flushed();
                    requireUnflushedZero("flush at op " + i);
                } catch (IOException e) {
                    failure = e;
                }
            } else if (kind < 74 && setup.format().equals("qcow2") && !setup.snapshot() && size < (64 << 20)) {
                long grown = size + 512L * (1 + r.nextInt(4096));
                what = "truncate to " + grown;
                try {
                    node.truncate(grown, Preallocation.OFF);
                    shadow.grown((int) grown);
                } catch (IOException e) {
                    failure = e;
                    long now = node.size(); // the header may have reached the file before a flush failed
                    if (now == grown) {
                        shadow.grown((int) grown);
                    } else if (now != size) {
                        throw new Violation("a failed truncate to " + grown + " left the size at " + now, e);
                    }
                    shadow.maybeResized(size, grown);
                }
            } else {
                what = "read " + off + " +" + len;
                byte[] got = new byte[len];
                try {
                    node.read(off, MemorySegment.ofArray(got));
                    String bad = shadow.readBack(off, got);
                    if (bad != null) {
                        log.add("op " + i + ": " + what + " -> WRONG DATA");
                        throw new Violation(what + " returned wrong data: " + bad, null);
                    }
                } catch (IOException e) {
                    failure = e;
                }
            }
            long injected = inj.injectedErrors() - injBefore;
            log.add("op " + i + ": " + what + (failure == null ? " ok" : " FAILED " + failure.getMessage())
                    + (injected > 0 ? " [" + injected + " injected]" : ""));
            if (failure != null) {
                failed++;
                if (injected == 0 || !faultsAllowed) {
                    throw new Violation(what + " failed without an injected error" + (faultsAllowed ? ""
                            : " (after the faults stopped)") + ": " + failure, failure);
                }
                checkError(failure, what);
            } else if (injected > 0) {
                throw new Violation(what + " succeeded although " + injected + " error(s) were injected under it",
                        null);
            }
        }

        private void requireUnflushedZero(String what) {
            long u = inj.unflushedWrites();
            if (u != 0) {
                throw new Violation(what + " succeeded but " + u + " write(s) reached the file after its last flush",
                        null);
            }
        }

        /** The error is the injected one, as a BlockIOException naming node and file. */
        private void checkError(IOException e, String what) {
            if (!(e instanceof BlockIOException b)) {
                throw new Violation(what + ": not a BlockIOException: " + e, e);
            }
            if (!errnos.contains(b.errno())) {
                throw new Violation(what + ": errno " + b.errno() + " was never injected (" + errnos + "): " + e, e);
            }
            if (b.nodeName() == null || b.filename() == null || !e.getMessage().contains(img.toString())) {
                throw new Violation(what + ": the error does not name node and file: " + e, e);
            }
        }

        /** Every byte through the open node, against the visible view. */
        private void verifyAll() throws IOException {
            byte[] all = new byte[(int) size()];
            try (Arena a = Arena.ofConfined()) {
                MemorySegment buf = a.allocate(1 << 20);
                for (long p = 0; p < all.length; p += buf.byteSize()) {
                    int n = (int) Math.min(buf.byteSize(), all.length - p);
                    node.read(p, buf.asSlice(0, n));
                    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, all, (int) p, n);
                }
            }
            String bad = shadow.readBack(0, all);
            if (bad != null) {
                throw new Violation("reading the whole disk: " + bad, null);
            }
        }

        /** qemu-img check and qemu-img's reading of the image; returns the leaks. */
        private int verifyOnDisk(boolean clean) throws IOException {
            if (setup.format().equals("raw")) {
                String bad = clean ? shadow.checkVisible(Files.readAllBytes(img))
                        : shadow.checkDurable(Files.readAllBytes(img));
                if (bad != null) {
                    throw new Violation("the raw file after the run: " + bad, null);
                }
                return 0;
            }
            if (!clean && setup.createOptions().contains("lazy_refcounts=on")) {
                // a dirty lazy-refcount image is repaired on open, as QEMU does
                BlockGraph.open("driver=qcow2,file.driver=file,file.filename=" + img.toString().replace(",", ",,"))
                        .close();
            }
            QemuTools.Result c = QemuTools.run("qemu-img", "check", "--output=json", img.toString());
            int corruptions = field(c.stdout(), "corruptions");
            int checkErrors = field(c.stdout(), "check-errors");
            int leaks = field(c.stdout(), "leaks");
            if (corruptions != 0 || checkErrors != 0 || (c.exitCode() != 0 && c.exitCode() != 3)) {
                QemuTools.Result human = QemuTools.run("qemu-img", "check", img.toString());
                throw new Violation("qemu-img check found corruption:\n" + human.output(), null);
            }
            Path raw = img.resolveSibling(img.getFileName() + ".raw");
            QemuTools.img("convert", "-U", "-O", "raw", img.toString(), raw.toString());
            byte[] disk = Files.readAllBytes(raw);
            Files.delete(raw);
            String bad = clean ? shadow.checkVisible(disk) : shadow.checkDurable(disk);
            if (bad != null) {
                throw new Violation("qemu-img's view of the image" + (clean ? "" : " after the unclean end") + ": "
                        + bad, null);
            }
            if (template.snapshotContent() != null) {
                QemuTools.img("convert", "-U", "-l", "snapshot.name=s1", "-O", "raw", img.toString(), raw.toString());
                byte[] snap = Files.readAllBytes(raw);
                Files.delete(raw);
                if (!java.util.Arrays.equals(snap, template.snapshotContent())) {
                    int at = java.util.Arrays.mismatch(snap, template.snapshotContent());
                    throw new Violation("internal snapshot s1 changed at byte " + at, null);
                }
            }
            return leaks;
        }

        private static int field(String json, String name) {
            Matcher m = Pattern.compile("\"" + name + "\": (\\d+)").matcher(json);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
    }
}
