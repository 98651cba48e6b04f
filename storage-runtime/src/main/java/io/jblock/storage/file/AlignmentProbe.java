package io.jblock.storage.file;

import io.jblock.ffm.Errno;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.FileStat;
import io.jblock.ffm.StatxInfo;
import io.jblock.ffm.linux.Libc;
import io.jblock.ffm.memory.AlignedMemory;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Finds the O_DIRECT alignment of an open file, in this order: statx STATX_DIOALIGN (Linux
 * 6.1+, exact); BLKSSZGET/BLKPBSZGET for block devices; trial O_DIRECT reads with growing
 * alignments, as QEMU's raw_probe_alignment does; else {@value #FALLBACK}. Without O_DIRECT
 * there is no requirement ({@link FileAlignment#BUFFERED}).
 */
final class AlignmentProbe {
    /** Safe default when nothing else answers: no logical block is larger on common hardware. */
    static final int FALLBACK = 4096;

    private AlignmentProbe() {
    }

    static FileAlignment discover(int fd, FileStat stat, boolean direct, String path) throws NativeIOException {
        if (!direct) {
            return FileAlignment.BUFFERED;
        }
        FileAlignment found = fromStatx(fd, path);
        if (found == null && stat.isBlockDevice()) {
            found = fromBlockDevice(fd, path);
        }
        if (found == null) {
            found = byTrialReads(fd, path);
        }
        return found != null ? found : new FileAlignment(FALLBACK, FALLBACK, 0, "default");
    }

    /** STATX_DIOALIGN, or null when the kernel or file system does not report it. */
    static FileAlignment fromStatx(int fd, String path) throws NativeIOException {
        StatxInfo info = PosixIO.statxFd(fd, path);
        if (!info.hasDioAlign() || info.dioOffsetAlign() <= 0 || info.dioMemAlign() <= 0) {
            return null;
        }
        return new FileAlignment(info.dioOffsetAlign(), info.dioMemAlign(), 0, "statx STATX_DIOALIGN");
    }

    /** Logical (request and memory) and physical block size of a block device. */
    static FileAlignment fromBlockDevice(int fd, String path) throws NativeIOException {
        int logical = PosixIO.ioctlBlkSszGet(fd, path);
        int physical = 0;
        try {
            physical = PosixIO.ioctlBlkPbszGet(fd, path);
        } catch (NativeIOException e) {
            // only a hint for the optimal transfer size; the logical size is what I/O needs
        }
        return new FileAlignment(logical, logical, physical, "BLKSSZGET");
    }

    /**
     * Trial O_DIRECT reads at offset 0: first the smallest length (with a well aligned buffer)
     * the kernel accepts, then the smallest buffer misalignment it accepts for an aligned
     * length. EINVAL means "misaligned"; any other outcome means the alignment passed (as QEMU
     * does, a failing disk must not make probing fail). A read that works with alignment 1
     * teaches nothing (an empty file reads nothing at any alignment), so the request alignment
     * is then the default and the memory alignment follows it.
     *
     * @return the alignment, or null when even the largest candidate failed
     */
    static FileAlignment byTrialReads(int fd, String path) {
        int max = (int) Math.max(FALLBACK, PosixIO.pageSize());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = arena.allocate(Libc.errnoCaptureLayout());
            MemorySegment buf = AlignedMemory.allocate(arena, 2L * max, max);
            int request = 0;
            for (int align = 1; align <= max; align = align == 1 ? 512 : align * 2) {
                if (readAccepted(errno, fd, buf.asSlice(0, align))) {
                    request = align == 1 ? FALLBACK : align;
                    break;
                }
            }
            if (request == 0) {
                return null;
            }
            int memory = 0;
            for (int align = 1; align <= max; align = align == 1 ? 512 : align * 2) {
                if (readAccepted(errno, fd, buf.asSlice(align, max))) {
                    memory = align == 1 ? request : align;
                    break;
                }
            }
            if (memory == 0) {
                return null;
            }
            return new FileAlignment(request, memory, 0, "trial O_DIRECT reads");
        }
    }

    /** One pread(2) (not a looping one: a second read at the short count's offset would be misaligned). */
    private static boolean readAccepted(MemorySegment errno, int fd, MemorySegment buf) {
        while (true) {
            long n = Libc.pread(errno, fd, buf, buf.byteSize(), 0);
            if (n >= 0) {
                return true;
            }
            int err = Libc.errno(errno);
            if (err != Errno.EINTR) {
                return err != Errno.EINVAL;
            }
        }
    }
}
