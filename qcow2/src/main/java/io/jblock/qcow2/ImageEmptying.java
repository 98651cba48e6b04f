package io.jblock.qcow2;

import io.jblock.qcow2.metadata.Qcow2Header;

import io.jblock.qcow2.metadata.HeaderExtension;
import io.jblock.qcow2.types.Features;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.DebugEvent;
import java.io.IOException;

/**
 * QEMU's qcow2_make_empty. A v3 image without snapshots, bitmaps or external data file whose
 * first refcount block can count the header, refcount table, itself and the L1 table is reset
 * (and without a LUKS header) to the layout of a new image (make_completely_empty): header, refcount table at cluster 1, one
 * refcount block at cluster 2, the zeroed L1 table at cluster 3, the file cut after it. Any
 * other image has every cluster discarded instead.
 *
 * <p>Crash safety of the reset: the dirty bit is set (and synced) first, so while the old
 * tables are overwritten a crash leaves an image whose refcounts the next read-write open
 * rebuilds; the header points at the new places only after they are written, and the bit is
 * cleared once the new refcount block counts everything.
 *
 * <p>A failed write during the reset leaves on-disk metadata that no longer matches what is in
 * memory: the caller must stop using the node (QEMU ejects its driver) and leave the image to
 * the dirty bit's repair on the next read-write open.
 *
 * <p>Called under {@link Qcow2Image#metaLock}, caches written back, no guest request in flight;
 * the caller drops and reloads the metadata caches afterwards.
 */
final class ImageEmptying {
    private ImageEmptying() {
    }

    /** @return whether the metadata was rebuilt (the caller must reload L1 and refcount table) */
    static boolean makeEmpty(Qcow2Image img, L2Tables l2, RefcountAllocator refcounts) throws IOException {
        int cs = img.clusterSize();
        long l1Clusters = (img.header.l1Size * 8L + cs - 1) / cs;
        boolean bitmaps = img.header.otherExtensions.stream().anyMatch(e -> e.type() == HeaderExtension.BITMAPS);
        if (img.header.version >= 3 && img.header.nbSnapshots == 0 && !bitmaps
                && 3 + l1Clusters <= refcounts.entriesPerBlock() && !img.hasExternalDataFile()
                && img.header.cryptMethod != Qcow2Header.CRYPT_LUKS) { // the LUKS header clusters stay (QEMU)
            resetLayout(img, l1Clusters);
            return true;
        }
        ImageShrink.discardFully(img, l2, refcounts, 0, img.geometry.roundUp(img.header.size));
        return false;
    }

    private static void resetLayout(Qcow2Image img, long l1Clusters) throws IOException {
        int cs = img.clusterSize();
        img.header.incompatibleFeatures |= Features.INCOMPAT_DIRTY;
        img.writeHeader();
        img.flushFiles();
        // from here on the refcounts on disk no longer describe the image: the dirty bit covers it.
        // The events are QEMU's (make_completely_empty), so that blkdebug can fail each step.
        DebugEvent.L1_UPDATE.announceTo(img.file);
        img.writeTable(img.header.l1TableOffset, new long[0], l1Clusters);
        DebugEvent.EMPTY_IMAGE_PREPARE.announceTo(img.file);
        img.writeTable(cs, new long[0], 2 + l1Clusters);
        DebugEvent.L1_UPDATE.announceTo(img.file);
        DebugEvent.REFTABLE_UPDATE.announceTo(img.file);
        img.header.l1TableOffset = 3L * cs;
        img.header.refcountTableOffset = cs;
        img.header.refcountTableClusters = 1;
        img.writeHeader();
        img.flushFiles();
        DebugEvent.REFBLOCK_ALLOC.announceTo(img.file);
        img.writeLong(cs, 2L * cs);
        img.flushFiles();
        long used = 3 + l1Clusters;
        byte[] block = new byte[cs];
        int bits = img.header.refcountBits();
        for (long c = 0; c < used; c++) {
            setRefcountOne(block, c, bits);
        }
        img.writeBytes(2L * cs, block);
        img.flushFiles();
        img.header.incompatibleFeatures &= ~Features.INCOMPAT_DIRTY;
        img.writeHeader();
        img.flushFiles();
        img.file.truncate(used * cs, Preallocation.OFF);
        img.forgetFileSizes();
    }

    /** Sets entry {@code index} of a refcount block of {@code bits}-bit big-endian entries to 1. */
    private static void setRefcountOne(byte[] block, long index, int bits) {
        if (bits < 8) {
            long bitPos = index * bits;
            block[(int) (bitPos >>> 3)] |= (byte) (1 << (bitPos & 7));
        } else {
            block[(int) (index * (bits / 8) + bits / 8 - 1)] = 1;
        }
    }
}
