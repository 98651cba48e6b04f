package io.jblock.qcow2.crash;

import io.jblock.storage.BlockGraph;
import io.jblock.storage.BlockNode;
import io.jblock.storage.RequestFlags;
import io.jblock.storage.crash.GuestModel;
import io.jblock.storage.crash.RecordingGuest;
import io.jblock.storage.feature.WriteLog;
import io.jblock.storage.testing.QemuTools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * One workload run under the write log: the image is made with QEMU's tools (backing file,
 * pre-written data, internal snapshot), copied as the base of every crash state, then written by
 * jblock through {@code blklogwrites} while a {@link GuestModel} records the guest's requests.
 *
 * @param workload     what ran
 * @param dir          the run's directory
 * @param base         the image file before the logged run
 * @param image        the image file after it (closed cleanly)
 * @param log          the write log
 * @param model        the guest's requests and what each state must hold
 * @param snapshotName the internal snapshot taken before the run, or null
 * @param snapshotView the snapshot's guest content (QEMU's view), or null
 * @param before       header facts of the base image
 * @param after        header facts of the image after the run
 */
public record LoggedRun(CrashWorkload workload, Path dir, Path base, Path image, Path log, GuestModel model,
                        String snapshotName, byte[] snapshotView, HeaderFacts before, HeaderFacts after) {

    /**
     * The few header fields that show what a run exercised.
     *
     * @param l1Size              L1 entries
     * @param l1Offset            where the L1 table is
     * @param refcountTableClusters clusters of the refcount table
     * @param refcountTableOffset where the refcount table is
     */
    public record HeaderFacts(long l1Size, long l1Offset, long refcountTableClusters, long refcountTableOffset) {
        static HeaderFacts of(Path qcow2) throws IOException {
            ByteBuffer h = ByteBuffer.wrap(Files.readAllBytes(qcow2), 0, 104);
            return new HeaderFacts(Integer.toUnsignedLong(h.getInt(36)), h.getLong(40),
                    Integer.toUnsignedLong(h.getInt(56)), h.getLong(48));
        }
    }

    static final String SNAPSHOT = "before-log";

    /** Runs {@code w} in {@code dir} (which must be empty). */
    public static LoggedRun run(CrashWorkload w, Path dir) throws IOException {
        QemuTools.require();
        Random r = new Random(w.seed());
        int cs = w.clusterSize();
        long size = w.size();
        Path img = dir.resolve("image.qcow2");
        Path log = dir.resolve("writes.log");
        Path base = dir.resolve("base.qcow2");
        byte[] backingView = null;
        List<String> create = new ArrayList<>(List.of("create", "-q", "-f", "qcow2", "-o", w.createOptions()));
        if (w.backing() != CrashWorkload.Backing.NONE) {
            Path b = makeBacking(w, dir, r);
            backingView = QemuTools.toRaw(b, dir);
            create.add("-b");
            create.add(b.toString());
            create.add("-F");
            create.add(w.backing() == CrashWorkload.Backing.RAW ? "raw" : "qcow2");
        }
        create.add(img.toString());
        create.add(Long.toString(size));
        QemuTools.img(create.toArray(String[]::new));

        long hot = hotRegion(w);
        BitSet touched = new BitSet(); // guest clusters written at any time (compressed writes need untouched ones)
        if (w.prefill() > 0) {
            QemuTools.io(img, "qcow2", "write -P 0x5a 0 " + w.prefill());
            touched.set(0, (int) ((w.prefill() + cs - 1) / cs));
        }
        qemuWrites(img, r, hot, 6, cs, touched);
        String snapshotName = null;
        byte[] snapshotView = null;
        if (w.snapshot()) {
            snapshotName = SNAPSHOT;
            QemuTools.img("snapshot", "-c", snapshotName, img.toString());
            Path raw = dir.resolve("snapshot.raw");
            QemuTools.img("convert", "-O", "raw", "-l", "snapshot.name=" + snapshotName, img.toString(), raw.toString());
            snapshotView = Files.readAllBytes(raw);
            Files.delete(raw);
            qemuWrites(img, r, hot, 2, cs, touched); // some clusters are then no longer shared
        }
        long maxSize = w.grow() ? size * 2 : size;
        byte[] baseView = java.util.Arrays.copyOf(QemuTools.toRaw(img, dir), (int) maxSize);
        Files.copy(img, base, StandardCopyOption.REPLACE_EXISTING);
        Files.createFile(log);
        HeaderFacts before = HeaderFacts.of(img);

        GuestModel model = new GuestModel(w.seed(), baseView, size,
                backingView == null ? null : java.util.Arrays.copyOf(backingView, (int) maxSize), false);
        boolean writeThrough = !w.cache().settings().writeback();
        String options = "driver=qcow2,discard=unmap,cache=" + w.cache().qemuName()
                + ",file.driver=blklogwrites,file.file.driver=file,file.file.filename=" + img
                + ",file.log.driver=file,file.log.filename=" + log
                + ",file.log.cache.writeback=on,file.log.cache.direct=off,file.log.cache.no-flush=on";
        try (BlockNode node = BlockGraph.open(options)) {
            WriteLog wl = node.child("file").driverFeature(WriteLog.class).orElseThrow();
            RecordingGuest g = new RecordingGuest(node, wl, model, writeThrough);
            try {
                guest(w, g, r, hot, touched);
                g.flush();
            } finally {
                g.release();
            }
        }
        return new LoggedRun(w, dir, base, img, log, model, snapshotName, snapshotView, before, HeaderFacts.of(img));
    }

    /** The region most requests go to: where the pre-written (and snapshot-shared) data is. */
    private static long hotRegion(CrashWorkload w) {
        long clusters = Math.max(8, Math.min(48, w.size() / w.clusterSize() / 2));
        return Math.min(w.size(), clusters * w.clusterSize());
    }

    private static Path makeBacking(CrashWorkload w, Path dir, Random r) throws IOException {
        long size = w.size();
        if (w.backing() == CrashWorkload.Backing.RAW) {
            Path b = dir.resolve("backing.raw");
            byte[] data = new byte[(int) size];
            // 4 KiB stripes of data with holes between, so COW copies both
            for (int off = 0; off < size; off += 4096) {
                if (r.nextInt(4) != 0) {
                    for (int i = off; i < off + 4096; i += 8) {
                        data[i] = (byte) 0xb0;
                        data[i + 1] = (byte) (off >>> 12);
                        data[i + 2] = (byte) (off >>> 20);
                        data[i + 3] = (byte) r.nextInt();
                    }
                }
            }
            Files.write(b, data);
            return b;
        }
        Path b = dir.resolve("backing.qcow2");
        QemuTools.img("create", "-q", "-f", "qcow2", "-o", "cluster_size=65536", b.toString(), Long.toString(size));
        List<String> cmds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            long off = r.nextLong(size / 4096) * 4096;
            long len = Math.min(size - off, 4096L * (1 + r.nextInt(64)));
            cmds.add("write -P 0x" + Integer.toHexString(0xa0 + i) + " " + off + " " + len);
        }
        QemuTools.io(b, "qcow2", cmds.toArray(String[]::new));
        return b;
    }

    /** Writes {@code count} patterned ranges into the hot region with qemu-io (the reference writer). */
    private static void qemuWrites(Path img, Random r, long hot, int count, int cs, BitSet touched) {
        List<String> cmds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long off = r.nextLong(hot / 512) * 512;
            long len = Math.min(hot - off, 512L * (1 + r.nextInt((int) Math.max(1, Math.min(hot, 4L * cs) / 512))));
            cmds.add("write -P 0x" + Integer.toHexString(0x10 + r.nextInt(0x60)) + " " + off + " " + len);
            touched.set((int) (off / cs), (int) ((off + len - 1) / cs) + 1);
        }
        QemuTools.io(img, "qcow2", cmds.toArray(String[]::new));
    }

    /** The guest's random requests (see {@link CrashWorkload}). */
    private static void guest(CrashWorkload w, RecordingGuest g, Random r, long hot, BitSet touched)
            throws IOException {
        int cs = w.clusterSize();
        long size = w.size();
        long maxLength = Math.min(256 << 10, Math.max(2L * cs, 16 << 10));
        int grows = 0;
        for (int i = 0; i < w.ops(); i++) {
            int p = r.nextInt(100);
            if (p < 12) {
                g.flush();
                continue;
            }
            if (w.compressed() && p < 20) {
                int fresh = freshCluster(r, touched, (int) (size / cs));
                if (fresh >= 0) {
                    touched.set(fresh);
                    g.writeCompressed((long) fresh * cs, cs);
                    continue;
                }
            }
            if (w.grow() && (p < 23 && grows < 2 || grows == 0 && i == w.ops() / 2)) {
                size += Math.max(cs, w.size() / 2) / 512 * 512;
                grows++;
                g.truncate(size);
                continue;
            }
            boolean inHot = r.nextInt(100) < 65;
            long area = inHot ? hot : size;
            long off = r.nextInt(8) == 0 ? r.nextLong(area / cs) * cs : r.nextLong(area / 512) * 512;
            long len = Math.min(area - off, 512 * (1 + r.nextLong(maxLength / 512)));
            if (len <= 0) {
                continue;
            }
            touched.set((int) (off / cs), (int) ((off + len - 1) / cs) + 1);
            if (p < 33) {
                g.writeZeroes(off, len, r.nextBoolean() ? RequestFlags.MAY_UNMAP : 0);
            } else if (p < 43) {
                g.discard(off, len);
            } else {
                g.write(off, (int) len, r.nextInt(12) == 0 ? RequestFlags.FUA : 0);
            }
        }
    }

    private static int freshCluster(Random r, BitSet touched, int clusters) {
        for (int attempt = 0; attempt < 16; attempt++) {
            int c = r.nextInt(clusters);
            if (!touched.get(c)) {
                return c;
            }
        }
        return -1;
    }
}
