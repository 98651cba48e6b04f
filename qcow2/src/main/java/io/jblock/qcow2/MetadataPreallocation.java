package io.jblock.qcow2;

import io.jblock.storage.BlockNode;
import io.jblock.storage.BlockStatus;
import java.io.IOException;

/**
 * Whether an image was preallocated with {@code preallocation=metadata} (QEMU's
 * qcow2_detect_metadata_preallocation): its refcounts claim clearly more clusters than the image
 * file really has allocated on the host. Block status then asks the file whether an allocated
 * cluster holds data at all, so such an image maps as zeroes, as in QEMU.
 *
 * <p>Called under {@link Qcow2Image#metaLock}.
 */
final class MetadataPreallocation {
    private MetadataPreallocation() {
    }

    static boolean detect(Qcow2Image img, RefcountAllocator refcounts) throws IOException {
        long fileLength = img.file.size();
        long realClusters = allocatedBytes(img.file, fileLength) / img.clusterSize();
        long threshold = Math.max(realClusters * 10 / 9, realClusters + 2);
        long endCluster = (fileLength + img.clusterSize() - 1) / img.clusterSize();
        long counted = 0;
        for (long c = 0; c < endCluster && counted < threshold; c++) {
            if (refcounts.get(c) != 0) {
                counted++;
            }
        }
        return counted >= threshold;
    }

    /**
     * Bytes the image file occupies on the host (QEMU's bdrv_get_allocated_file_size: st_blocks
     * times 512, which counts reserved but unwritten space too); when the file cannot be
     * stat'ed by name, the runs its block status reports as data.
     */
    private static long allocatedBytes(BlockNode file, long length) throws IOException {
        try {
            int fd = io.jblock.ffm.PosixIO.openFd(file.filename(), 0 /* O_RDONLY */, 0);
            try {
                return io.jblock.ffm.PosixIO.fstatFd(fd, file.filename()).blocks() * 512;
            } finally {
                io.jblock.ffm.PosixIO.closeFd(fd, file.filename());
            }
        } catch (IOException e) {
            return dataBytes(file, length);
        }
    }

    private static long dataBytes(BlockNode file, long length) throws IOException {
        long allocated = 0;
        long off = 0;
        while (off < length) {
            BlockStatus s = file.blockStatus(off, length - off);
            if (s.data()) {
                allocated += s.length();
            }
            off += s.length();
        }
        return allocated;
    }
}
