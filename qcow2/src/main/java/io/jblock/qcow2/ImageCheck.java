package io.jblock.qcow2;

import io.jblock.storage.feature.CheckResult;
import io.jblock.qcow2.metadata.HeaderExtension;
import io.jblock.qcow2.metadata.Snapshot;
import io.jblock.qcow2.types.L2Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * qemu-img check for qcow2 (block/qcow2-refcount.c's qcow2_check_refcounts): counts every
 * reference to every host cluster (header, L1 and L2 tables of the image and its snapshots, data
 * and compressed clusters, snapshot table, refcount table and blocks), compares the counts with
 * the stored refcounts, and checks OFLAG_COPIED. With repair it sets refcounts to the counted
 * values and fixes OFLAG_COPIED flags.
 *
 * <p>Memory: one int per host cluster of the file; files with more than 2^31 clusters are refused.
 * Runs under {@link Qcow2Image#metaLock} with caches written back.
 */
final class ImageCheck {
    private final Qcow2Image img;
    private final L2Tables l2;
    private final RefcountAllocator refcounts;
    private final int[] refs;
    /** Messages kept (QEMU prints each as it goes; a hostile image can have millions). */
    static final int MAX_MESSAGES = 10_000;
    private final List<String> messages = new ArrayList<>();
    private long messagesDropped;
    private int corruptions;
    private int checkErrors;
    private long allocated;
    private long fragmented;
    private long compressed;
    private long nextContiguous;

    private final long fileLength;

    private ImageCheck(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, long clusters, long fileLength) {
        this.img = img;
        this.fileLength = fileLength;
        this.l2 = l2;
        this.refcounts = refcounts;
        this.refs = new int[(int) clusters];
    }

    static CheckResult run(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, boolean fixLeaks,
                           boolean fixErrors) throws IOException {
        long fileLength = img.file.size();
        long clusters = (fileLength + img.clusterSize() - 1) / img.clusterSize();
        if (clusters > Integer.MAX_VALUE - 8 || clusters * 4 > Runtime.getRuntime().maxMemory() / 2) {
            throw new Qcow2UnsupportedException("image file too large to check (" + clusters + " clusters)",
                    img.nodeName, img.filename(), -1);
        }
        ImageCheck c = new ImageCheck(img, l2, refcounts, clusters, fileLength);
        return c.check(fixLeaks, fixErrors);
    }

    private void message(String m) {
        if (messages.size() < MAX_MESSAGES) {
            messages.add(m);
        } else {
            messagesDropped++;
        }
    }

    private static int saturated(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }

    private void ref(long offset, long length, String what) {
        ref(offset, length, what, 1);
    }

    /** Counts {@code times} references to each cluster of the range (one table named several times). */
    private void ref(long offset, long length, String what, int times) {
        if (length <= 0) {
            return;
        }
        long first = offset >>> img.geometry.clusterBits();
        long last = (offset + length - 1) >>> img.geometry.clusterBits();
        // QEMU's qcow2_inc_refcounts_imrt: the last cluster may be partly past the end of the
        // file, a region one cluster or more past it is a corruption (and counts nothing)
        if (offset < 0 || last >= refs.length || offset + length - fileLength >= img.clusterSize()) {
            corruptions = saturated((long) corruptions + times);
            message("ERROR: counting reference for region exceeding the end of the file by one cluster or more: "
                    + "offset 0x" + Long.toHexString(offset) + " size 0x" + Long.toHexString(length));
            return;
        }
        for (long c = first; c <= last; c++) {
            refs[(int) c] = saturated((long) refs[(int) c] + times);
        }
    }

    private CheckResult check(boolean fixLeaks, boolean fixErrors) throws IOException {
        int cs = img.clusterSize();
        var h = img.header;
        ref(0, cs, "header");
        long[] luks = LuksInQcow2.extension(h);
        if (luks != null && luks[0] >= 0) {
            ref(luks[0], luks[1], "LUKS header"); // as QEMU's calculate_refcounts counts crypto_header
        }
        List<long[]> l1Tables = new ArrayList<>(List.of(l2.l1()));
        List<Long> l1Offsets = new ArrayList<>(List.of(h.l1TableOffset));
        if (h.nbSnapshots > 0) {
            ref(h.snapshotsOffset, InternalSnapshots.tableLength(img), "snapshot table");
            long entries = l2.l1().length;
            for (Snapshot s : InternalSnapshots.read(img)) {
                // QEMU's check_refcounts: a snapshot whose L1 table cannot be right is reported
                // and skipped (its clusters then show up as leaks)
                if ((s.l1TableOffset() & img.geometry.clusterOffsetMask()) != 0) {
                    corruptions++;
                    messages.add("ERROR snapshot " + s.id() + " (" + s.name() + ") l1_offset=0x"
                            + Long.toHexString(s.l1TableOffset())
                            + ": L1 table is not cluster aligned; snapshot table entry corrupted");
                    continue;
                }
                if (Integer.toUnsignedLong(s.l1Size()) > io.jblock.qcow2.metadata.Qcow2Header.MAX_L1_BYTES / 8) {
                    corruptions++;
                    messages.add("ERROR snapshot " + s.id() + " (" + s.name() + ") l1_size=0x"
                            + Integer.toHexString(s.l1Size())
                            + ": L1 table is too large; snapshot table entry corrupted");
                    continue;
                }
                entries += s.l1Size();
                // L1 tables are distinct clusters of the file: more entries than it holds means they
                // overlap, and walking them all could take forever (hostile snapshot tables)
                if (entries * 8 > img.file.size()) {
                    throw img.corrupt("the L1 tables of the image and its snapshots hold " + entries
                            + " entries, more than the file can hold: snapshot L1 tables overlap", h.snapshotsOffset);
                }
                l1Tables.add(img.readTable(s.l1TableOffset(), s.l1Size()));
                l1Offsets.add(s.l1TableOffset());
            }
        }
        walkL1Tables(l1Tables, l1Offsets);
        ref(h.refcountTableOffset, (long) h.refcountTableClusters * cs, "refcount table");
        countBitmaps();
        long[] table = refcounts.table();
        for (long b : table) {
            long off = b & ~511L;
            if (off != 0) {
                ref(off, cs, "refcount block");
            }
        }
        // Compare, as QEMU's qcow2_check_refcounts: a first pass that only reports, then, when
        // something is to be fixed and anything was found, a second pass over the mismatches
        // that repairs what it may ("Repairing cluster ...")
        int leaks = 0;
        int leaksFixed = 0;
        int corruptionsFixed = 0;
        int corruptionsBefore = corruptions;
        long highest = -1;
        List<long[]> mismatches = new ArrayList<>();
        for (int c = 0; c < refs.length; c++) {
            long stored = refcounts.get(c);
            int counted = refs[c];
            if (stored > 0 || counted > 0) {
                highest = c;
            }
            if (stored == counted) {
                continue;
            }
            boolean leak = stored > counted;
            message((leak ? "Leaked" : "ERROR") + " cluster " + c + " refcount=" + stored + " reference=" + counted);
            mismatches.add(new long[] {c, stored, counted});
            if (leak) {
                leaks++;
            } else {
                corruptions++;
            }
        }
        if ((fixLeaks || fixErrors) && (leaks > 0 || corruptions > 0)) {
            leaks = 0;
            corruptions = corruptionsBefore;
            for (long[] m : mismatches) {
                int c = (int) m[0];
                long stored = m[1];
                long counted = m[2];
                boolean leak = stored > counted;
                boolean fix = leak ? fixLeaks : fixErrors;
                message((fix ? "Repairing" : leak ? "Leaked" : "ERROR") + " cluster " + c + " refcount=" + stored
                        + " reference=" + counted);
                if (fix) {
                    refcounts.repair(c, counted - stored, refs.length);
                    if (leak) {
                        leaksFixed++;
                    } else {
                        corruptionsFixed++;
                    }
                } else if (leak) {
                    leaks++;
                } else {
                    corruptions++;
                }
            }
        }
        // check_oflag_copied repairs with -r all, and with -r leaks only when nothing else is wrong
        boolean repairCopied = fixErrors || (fixLeaks && checkErrors == 0 && corruptions == 0 && leaks == 0);
        int copiedErrors = checkCopied(repairCopied);
        if (repairCopied) {
            corruptionsFixed += copiedErrors;
        } else {
            corruptions += copiedErrors;
        }
        refcounts.cache().writeBack();
        l2.cache().writeBack();
        long total = (h.size + cs - 1) / cs;
        if (messagesDropped > 0) {
            messages.add("... and " + messagesDropped + " more problems not listed");
        }
        return new CheckResult(checkErrors, corruptions, leaks, leaksFixed, corruptionsFixed,
                (highest + 1) * cs, total, allocated, fragmented, compressed, List.copyOf(messages));
    }

    /**
     * Persistent dirty bitmaps (docs/interop/qcow2.txt, "Bitmaps extension"): the directory, each
     * bitmap table and each bitmap data cluster hold one reference. Only while the autoclear bit
     * says the extension is consistent, as QEMU loads it only then.
     */
    private void countBitmaps() throws IOException {
        if ((img.header.autoclearFeatures & io.jblock.qcow2.types.Features.AUTOCLEAR_BITMAPS) == 0) {
            return;
        }
        for (HeaderExtension e : img.header.otherExtensions) {
            if (e.type() != HeaderExtension.BITMAPS || e.data().length < 24) {
                continue;
            }
            java.nio.ByteBuffer ext = java.nio.ByteBuffer.wrap(e.data());
            long count = Integer.toUnsignedLong(ext.getInt(0));
            long dirSize = ext.getLong(8);
            long dirOffset = ext.getLong(16);
            // QEMU's limits: 65535 bitmaps, a directory of at most 64 MiB
            if (count > 65535 || dirSize < 0 || dirSize > (64L << 20) || dirOffset < 0
                    || dirOffset + dirSize > (long) refs.length * img.clusterSize()) {
                checkErrors++;
                message("ERROR bitmap directory (offset " + dirOffset + ", " + dirSize + " bytes) is invalid");
                return;
            }
            ref(dirOffset, dirSize, "bitmap directory");
            java.nio.ByteBuffer dir = java.nio.ByteBuffer.wrap(img.readBytes(dirOffset, (int) dirSize));
            long p = 0; // long: a hostile entry's sizes must not wrap it around (found by a mutant)
            for (long i = 0; i < count && p + 24 <= dirSize; i++) {
                long tableOffset = dir.getLong((int) p);
                long tableEntries = Integer.toUnsignedLong(dir.getInt((int) p + 8));
                int nameSize = dir.getShort((int) p + 18) & 0xffff;
                long extra = Integer.toUnsignedLong(dir.getInt((int) p + 20));
                if (tableEntries * 8 > (64L << 20) || tableOffset < 0
                        || tableOffset + tableEntries * 8 > (long) refs.length * img.clusterSize()) {
                    checkErrors++;
                    message("ERROR bitmap table at " + tableOffset + " is invalid");
                } else if (tableEntries > 0) {
                    ref(tableOffset, tableEntries * 8, "bitmap table");
                    java.nio.ByteBuffer t = java.nio.ByteBuffer.wrap(img.readBytes(tableOffset, (int) (tableEntries * 8)));
                    for (int k = 0; k < tableEntries; k++) {
                        long data = t.getLong(k * 8) & L2Entry.OFFSET_MASK;
                        if (data != 0) {
                            ref(data, img.clusterSize(), "bitmap data");
                        }
                    }
                }
                p += (24 + extra + nameSize + 7) & ~7L;
            }
        }
    }

    /** What one L2 table references, summed once however many L1 entries name it. */
    private static final class TableSummary {
        long allocated;
        long compressed;
        long internalFragmented;
        long firstData = -1;
        long lastDataEnd;
    }

    /**
     * Counts the references of every L1 table (the active one first, then the snapshots'): each
     * L2 table is read and walked once, its references counted as many times as L1 entries name
     * it, so a hostile image naming one table from every entry costs one walk, not one per entry.
     * The allocation statistics follow the active L1 table in order, as QEMU counts them.
     */
    private void walkL1Tables(List<long[]> l1Tables, List<Long> l1Offsets) throws IOException {
        int cs = img.clusterSize();
        java.util.LinkedHashMap<Long, int[]> named = new java.util.LinkedHashMap<>();
        for (int t = 0; t < l1Tables.size(); t++) {
            long[] l1 = l1Tables.get(t);
            ref(l1Offsets.get(t), l1.length * 8L, "L1 table");
            for (long e : l1) {
                long l2Off = e & L2Entry.OFFSET_MASK;
                if (l2Off == 0) {
                    continue;
                }
                if ((l2Off & (cs - 1)) != 0) {
                    corruptions = saturated(corruptions + 1L);
                    message("ERROR L2 table offset " + l2Off + " is not cluster aligned");
                    continue;
                }
                ref(l2Off, cs, "L2 table");
                if (l2Off + cs > (long) refs.length * cs) {
                    continue;
                }
                int[] counts = named.computeIfAbsent(l2Off, k -> new int[2]);
                counts[0]++;
                if (t == 0) {
                    counts[1]++;
                }
            }
        }
        java.util.Map<Long, TableSummary> summaries = new java.util.HashMap<>();
        for (var e : named.entrySet()) {
            summaries.put(e.getKey(), walkL2(e.getKey(), e.getValue()[0]));
        }
        for (long e : l1Tables.get(0)) {
            TableSummary s = summaries.get(e & L2Entry.OFFSET_MASK);
            if ((e & L2Entry.OFFSET_MASK) == 0 || s == null) {
                continue;
            }
            allocated += s.allocated;
            compressed += s.compressed;
            // as QEMU: compressed clusters count as fragmented by nature
            fragmented += s.internalFragmented + s.compressed;
            if (s.firstData >= 0) {
                if (nextContiguous != 0 && s.firstData != nextContiguous) {
                    fragmented++;
                }
                nextContiguous = s.lastDataEnd;
            }
        }
    }

    private TableSummary walkL2(long l2Off, int times) throws IOException {
        int cs = img.clusterSize();
        int bits = img.geometry.clusterBits();
        TableSummary sum = new TableSummary();
        byte[] table = img.readBytes(l2Off, cs);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(table);
        for (int k = 0; k < img.geometry.l2Entries(); k++) {
            long e = b.getLong(k * img.geometry.l2EntrySize());
            if (L2Entry.isCompressed(e)) {
                long coff = L2Entry.compressedOffset(e, bits);
                ref(coff, L2Entry.compressedLength(e, bits), "compressed cluster", times);
                sum.allocated++;
                sum.compressed++;
                continue;
            }
            long host = L2Entry.hostOffset(e);
            if (!img.hasHost(e)) {
                continue;
            }
            if ((host & (cs - 1)) != 0) {
                corruptions = saturated((long) corruptions + times);
                message("ERROR data cluster offset " + host + " is not cluster aligned");
                continue;
            }
            if (!img.hasExternalDataFile()) {
                ref(host, cs, "data cluster", times);
            }
            sum.allocated++;
            if (sum.firstData < 0) {
                sum.firstData = host;
            } else if (host != sum.lastDataEnd) {
                sum.internalFragmented++;
            }
            sum.lastDataEnd = host + cs;
        }
        return sum;
    }

    /** Checks (and with repair fixes) OFLAG_COPIED in the active L1 and L2 tables. */
    private int checkCopied(boolean fix) throws IOException {
        long errors = 0;
        int cs = img.clusterSize();
        long[] l1 = l2.l1();
        // an L2 table named by several L1 entries is checked once; each further entry repeats its
        // data errors (none once repaired) without walking it again
        java.util.Map<Long, Long> dataErrors = new java.util.HashMap<>();
        for (int i = 0; i < l1.length; i++) {
            long l2Off = l1[i] & L2Entry.OFFSET_MASK;
            if (l2Off == 0 || (l2Off & (cs - 1)) != 0 || l2Off >= (long) refs.length * cs) {
                continue;
            }
            long l2Refcount = refcounts.get(l2Off / cs);
            boolean want = l2Refcount == 1;
            if (want != L2Entry.isCopied(l1[i])) {
                errors++;
                message((fix ? "Repairing" : "ERROR") + " OFLAG_COPIED L2 cluster: l1_index=" + i + " l1_entry="
                        + Long.toHexString(l1[i]) + " refcount=" + l2Refcount);
                if (fix) {
                    l1[i] = want ? l1[i] | L2Entry.COPIED : l1[i] & ~L2Entry.COPIED;
                    img.writeLong(img.header.l1TableOffset + i * 8L, l1[i]);
                }
            }
            Long seen = dataErrors.get(l2Off);
            if (seen != null) {
                errors += fix ? 0 : seen;
                continue;
            }
            long before = errors;
            for (int k = 0; k < img.geometry.l2Entries(); k++) {
                long guest = ((long) i << img.geometry.l2CoverageBits()) + ((long) k << img.geometry.clusterBits());
                L2Tables.Entry e = l2.get(guest);
                long host = L2Entry.hostOffset(e.standard());
                if (L2Entry.isCompressed(e.standard()) || host == 0 || img.hasExternalDataFile()
                        || host >= (long) refs.length * cs) {
                    continue;
                }
                boolean wantData = refcounts.get(host / cs) == 1;
                if (wantData != L2Entry.isCopied(e.standard())) {
                    errors++;
                    message((fix ? "Repairing" : "ERROR") + " OFLAG_COPIED data cluster: l2_entry="
                            + Long.toHexString(e.standard())
                            + " refcount=" + refcounts.get(host / cs));
                    if (fix && L2Entry.isCopied(l1[i])) {
                        long std = wantData ? e.standard() | L2Entry.COPIED : e.standard() & ~L2Entry.COPIED;
                        l2.set(guest, std, e.bitmap());
                    }
                }
            }
            dataErrors.put(l2Off, errors - before);
        }
        return saturated(errors);
    }
}
