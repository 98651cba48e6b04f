package io.jblock.qcow2;

import io.jblock.qcow2.types.L2Entry;
import io.jblock.storage.Preallocation;
import java.io.IOException;
import java.lang.foreign.MemorySegment;

/**
 * preallocation=metadata/falloc/full for create and grow (QEMU's preallocate_co and
 * qcow2_co_truncate): L2 tables first, then one contiguous run of data clusters for every
 * unallocated cluster of the range, then the file is extended over that run with the protocol's
 * preallocation (metadata: a sparse extension, so the clusters read as zeroes).
 *
 * <p>Called under {@link Qcow2Image#metaLock}.
 */
final class Preallocator {
    private Preallocator() {
    }

    static void preallocate(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts, long from, long to,
                            Preallocation mode, boolean hasBacking) throws IOException {
        int cs = img.clusterSize();
        long first = img.geometry.clusterStart(from);
        long end = img.geometry.roundUp(to);
        // With a backing file the subclusters stay unallocated so that it still shows through.
        long bitmap = img.geometry.extendedL2() && !hasBacking ? 0xffff_ffffL : 0;
        // Count unallocated clusters and make their L2 tables exist.
        long n = 0;
        for (long c = first; c < end; c += cs) {
            L2Tables.Entry e = l2.get(c);
            if (e.standard() == 0 && e.bitmap() == 0) {
                if (!l2.isOwned(c)) {
                    l2.set(c, 0, 0);
                }
                n++;
            }
        }
        if (n == 0) {
            return;
        }
        boolean external = img.hasExternalDataFile();
        // the allocator grows the file (sparsely) over what it hands out: what was written before
        // may hold old data, what lies past it reads as zeroes already (the file's size is no
        // boundary: it may have been grown ahead, and zeroing a grown-ahead range with
        // FALLOC_FL_ZERO_RANGE would allocate it: 2 MiB used for a 64 MiB image instead of 260 KiB)
        long oldFileSize = external ? -1 : img.untouchedFrom();
        long run = external ? -1 : refcounts.allocate(n);
        long i = 0;
        for (long c = first; c < end; c += cs) {
            L2Tables.Entry e = l2.get(c);
            if (e.standard() == 0 && e.bitmap() == 0) {
                long host = external ? c : run + i * cs;
                l2.set(c, host | L2Entry.COPIED, bitmap);
                i++;
            }
        }
        refcounts.cache().writeBack();
        if (external) {
            Preallocation fileMode = mode == Preallocation.METADATA ? Preallocation.OFF : mode;
            if (img.dataFile.size() < end) {
                img.dataFile.truncate(end, fileMode);
            }
        } else {
            long runEnd = run + n * cs;
            long reusedEnd = Math.min(runEnd, Math.max(run, oldFileSize));
            if (run < reusedEnd) {
                // free clusters inside the old file may hold old data: they must read as zeroes
                fill(img, run, reusedEnd, mode == Preallocation.METADATA ? Preallocation.OFF : mode);
            }
            if (mode != Preallocation.METADATA && reusedEnd < runEnd) {
                fill(img, reusedEnd, runEnd, mode);
            }
        }
        l2.cache().dependOnFlush(); // the zeroes written above are stable before the entries
        l2.cache().writeBack();
    }

    /**
     * Makes host bytes {@code [from, to)} of the image file read as zeroes: {@code OFF} punches a
     * hole (nothing stays allocated: metadata preallocation), {@code FALLOC} zeroes the range with
     * space reserved, {@code FULL} writes zeroes.
     */
    private static void fill(Qcow2Image img, long from, long to, Preallocation how) throws IOException {
        switch (how) {
            case OFF -> img.file.writeZeroes(from, to - from, io.jblock.storage.RequestFlags.MAY_UNMAP);
            case FALLOC -> img.file.writeZeroes(from, to - from, 0);
            default -> {
                MemorySegment zeros = img.buffers.acquire().fill((byte) 0);
                try {
                    for (long h = from; h < to; h += img.clusterSize()) {
                        img.file.write(h, zeros.asSlice(0, Math.min(img.clusterSize(), to - h)));
                    }
                } finally {
                    img.buffers.release(zeros);
                }
            }
        }
    }
}
