package io.jblock.ffm.linux;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PATCH(arch): the value of every constant {@link Libc} exposes, one table per architecture
 * (x86-64, aarch64; both LP64 glibc). jextract bakes the values of the machine it ran on into
 * the header class; we keep both tables and pick the running one. The x86-64 table is checked
 * against gcc by {@code AbiTest}; the aarch64 values are the asm-generic ones from the kernel's
 * uapi headers (they differ from x86-64 only where the table says so).
 */
final class LinuxConstantTable {

    private final String arch;
    private final Map<String, Long> values;

    private LinuxConstantTable(String arch, Map<String, Long> values) {
        this.arch = arch;
        this.values = Collections.unmodifiableMap(values);
    }

    /** Table of the architecture this JVM runs on. */
    static LinuxConstantTable current() {
        return forArch(Arch.current());
    }

    static LinuxConstantTable forArch(Arch arch) {
        return switch (arch) {
            case X86_64 -> new LinuxConstantTable("x86-64", x86_64());
            case AARCH64 -> new LinuxConstantTable("aarch64", aarch64());
        };
    }

    String arch() {
        return arch;
    }

    /** Name to value, in declaration order. */
    Map<String, Long> values() {
        return values;
    }

    long value(String name) {
        Long v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("no value for " + name + " in the " + arch + " table");
        }
        return v;
    }

    /** Values identical on x86-64 and aarch64. */
    private static Map<String, Long> common() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("EPERM", 1L);
        m.put("ENOENT", 2L);
        m.put("ESRCH", 3L);
        m.put("EINTR", 4L);
        m.put("EIO", 5L);
        m.put("ENXIO", 6L);
        m.put("E2BIG", 7L);
        m.put("EBADF", 9L);
        m.put("EAGAIN", 11L);
        m.put("ENOMEM", 12L);
        m.put("EACCES", 13L);
        m.put("EFAULT", 14L);
        m.put("ENOTBLK", 15L);
        m.put("EBUSY", 16L);
        m.put("EEXIST", 17L);
        m.put("EXDEV", 18L);
        m.put("ENODEV", 19L);
        m.put("ENOTDIR", 20L);
        m.put("EISDIR", 21L);
        m.put("EINVAL", 22L);
        m.put("ENFILE", 23L);
        m.put("EMFILE", 24L);
        m.put("ENOTTY", 25L);
        m.put("ETXTBSY", 26L);
        m.put("EFBIG", 27L);
        m.put("ENOSPC", 28L);
        m.put("ESPIPE", 29L);
        m.put("EROFS", 30L);
        m.put("EPIPE", 32L);
        m.put("ERANGE", 34L);
        m.put("EDEADLK", 35L);
        m.put("ENAMETOOLONG", 36L);
        m.put("ENOLCK", 37L);
        m.put("ENOSYS", 38L);
        m.put("ENOTEMPTY", 39L);
        m.put("ELOOP", 40L);
        m.put("ENODATA", 61L);
        m.put("ETIME", 62L);
        m.put("EOVERFLOW", 75L);
        m.put("EBADFD", 77L);
        m.put("EOPNOTSUPP", 95L);
        m.put("ETIMEDOUT", 110L);
        m.put("EALREADY", 114L);
        m.put("EINPROGRESS", 115L);
        m.put("ESTALE", 116L);
        m.put("EREMOTEIO", 121L);
        m.put("EDQUOT", 122L);
        m.put("ENOMEDIUM", 123L);
        m.put("EMEDIUMTYPE", 124L);
        m.put("ECANCELED", 125L);
        m.put("O_RDONLY", 0L);
        m.put("O_WRONLY", 1L);
        m.put("O_RDWR", 2L);
        m.put("O_ACCMODE", 3L);
        m.put("O_CREAT", 0100L);
        m.put("O_EXCL", 0200L);
        m.put("O_NOCTTY", 0400L);
        m.put("O_TRUNC", 01000L);
        m.put("O_APPEND", 02000L);
        m.put("O_NONBLOCK", 04000L);
        m.put("O_DSYNC", 010000L);
        m.put("O_SYNC", 04010000L);
        m.put("O_NOATIME", 01000000L);
        m.put("O_CLOEXEC", 02000000L);
        m.put("O_PATH", 010000000L);
        m.put("O_LARGEFILE", 0L);
        m.put("AT_FDCWD", -100L);
        m.put("AT_SYMLINK_NOFOLLOW", 0x100L);
        m.put("AT_EMPTY_PATH", 0x1000L);
        m.put("AT_STATX_SYNC_AS_STAT", 0L);
        m.put("AT_STATX_FORCE_SYNC", 0x2000L);
        m.put("AT_STATX_DONT_SYNC", 0x4000L);
        m.put("S_IFMT", 0170000L);
        m.put("S_IFREG", 0100000L);
        m.put("S_IFBLK", 060000L);
        m.put("S_IFDIR", 040000L);
        m.put("S_IFCHR", 020000L);
        m.put("STATX_TYPE", 1L);
        m.put("STATX_MODE", 2L);
        m.put("STATX_NLINK", 4L);
        m.put("STATX_UID", 8L);
        m.put("STATX_GID", 16L);
        m.put("STATX_ATIME", 32L);
        m.put("STATX_MTIME", 64L);
        m.put("STATX_CTIME", 128L);
        m.put("STATX_INO", 0x100L);
        m.put("STATX_SIZE", 0x200L);
        m.put("STATX_BLOCKS", 0x400L);
        m.put("STATX_BASIC_STATS", 0x7ffL);
        m.put("STATX_BTIME", 0x800L);
        m.put("STATX_MNT_ID", 0x1000L);
        m.put("STATX_DIOALIGN", 0x2000L);
        m.put("RWF_HIPRI", 1L);
        m.put("RWF_DSYNC", 2L);
        m.put("RWF_SYNC", 4L);
        m.put("RWF_NOWAIT", 8L);
        m.put("RWF_APPEND", 16L);
        m.put("RWF_NOAPPEND", 32L);  // since Linux 6.9; missing from 6.1 headers
        m.put("RWF_ATOMIC", 64L);  // since Linux 6.11; missing from 6.1 headers
        m.put("RWF_DONTCACHE", 128L);  // since Linux 6.14; missing from 6.1 headers
        m.put("SYNC_FILE_RANGE_WAIT_BEFORE", 1L);
        m.put("SYNC_FILE_RANGE_WRITE", 2L);
        m.put("SYNC_FILE_RANGE_WAIT_AFTER", 4L);
        m.put("POSIX_FADV_NORMAL", 0L);
        m.put("POSIX_FADV_RANDOM", 1L);
        m.put("POSIX_FADV_SEQUENTIAL", 2L);
        m.put("POSIX_FADV_WILLNEED", 3L);
        m.put("POSIX_FADV_DONTNEED", 4L);
        m.put("POSIX_FADV_NOREUSE", 5L);
        m.put("FALLOC_FL_KEEP_SIZE", 1L);
        m.put("FALLOC_FL_PUNCH_HOLE", 2L);
        m.put("FALLOC_FL_COLLAPSE_RANGE", 8L);
        m.put("FALLOC_FL_ZERO_RANGE", 16L);
        m.put("FALLOC_FL_INSERT_RANGE", 32L);
        m.put("FALLOC_FL_UNSHARE_RANGE", 64L);
        m.put("SEEK_SET", 0L);
        m.put("SEEK_CUR", 1L);
        m.put("SEEK_END", 2L);
        m.put("SEEK_DATA", 3L);
        m.put("SEEK_HOLE", 4L);
        m.put("PROT_NONE", 0L);
        m.put("PROT_READ", 1L);
        m.put("PROT_WRITE", 2L);
        m.put("PROT_EXEC", 4L);
        m.put("MAP_SHARED", 1L);
        m.put("MAP_PRIVATE", 2L);
        m.put("MAP_SHARED_VALIDATE", 3L);
        m.put("MAP_FIXED", 16L);
        m.put("MAP_ANONYMOUS", 32L);
        m.put("MAP_LOCKED", 0x2000L);
        m.put("MAP_NORESERVE", 0x4000L);
        m.put("MAP_POPULATE", 0x8000L);
        m.put("MADV_NORMAL", 0L);
        m.put("MADV_RANDOM", 1L);
        m.put("MADV_SEQUENTIAL", 2L);
        m.put("MADV_WILLNEED", 3L);
        m.put("MADV_DONTNEED", 4L);
        m.put("MADV_FREE", 8L);
        m.put("MADV_REMOVE", 9L);
        m.put("MADV_HUGEPAGE", 14L);
        m.put("MADV_NOHUGEPAGE", 15L);
        m.put("MADV_COLD", 20L);
        m.put("MADV_PAGEOUT", 21L);
        m.put("F_GETFD", 1L);
        m.put("F_SETFD", 2L);
        m.put("F_GETFL", 3L);
        m.put("F_SETFL", 4L);
        m.put("F_GETLK", 5L);
        m.put("F_SETLK", 6L);
        m.put("F_SETLKW", 7L);
        m.put("F_OFD_GETLK", 36L);
        m.put("F_OFD_SETLK", 37L);
        m.put("F_OFD_SETLKW", 38L);
        m.put("FD_CLOEXEC", 1L);
        m.put("F_RDLCK", 0L);
        m.put("F_WRLCK", 1L);
        m.put("F_UNLCK", 2L);
        m.put("LOCK_SH", 1L);
        m.put("LOCK_EX", 2L);
        m.put("LOCK_NB", 4L);
        m.put("LOCK_UN", 8L);
        m.put("BLKROGET", 0x125eL);
        m.put("BLKFLSBUF", 0x1261L);
        m.put("BLKSSZGET", 0x1268L);
        m.put("BLKDISCARD", 0x1277L);
        m.put("BLKPBSZGET", 0x127bL);
        m.put("BLKZEROOUT", 0x127fL);
        m.put("BLKGETSIZE64", 0x80081272L);
        m.put("FS_IOC_GETFLAGS", 0x80086601L);
        m.put("FS_IOC_SETFLAGS", 0x40086602L);
        m.put("FS_NOCOW_FL", 0x800000L);
        m.put("FS_IOC_FSGETXATTR", 0x801c581fL);
        m.put("FS_IOC_FSSETXATTR", 0x401c5820L);
        m.put("FS_XFLAG_EXTSIZE", 0x800L);
        m.put("_SC_PAGESIZE", 30L);
        m.put("SYS_io_uring_setup", 0x1a9L);
        m.put("SYS_io_uring_enter", 0x1aaL);
        m.put("SYS_io_uring_register", 0x1abL);
        m.put("SYS_cachestat", 0x1c3L);  // since Linux 6.5; glibc 2.36 has no SYS_cachestat; missing from 6.1 headers
        m.put("IORING_SETUP_IOPOLL", 1L);
        m.put("IORING_SETUP_SQPOLL", 2L);
        m.put("IORING_SETUP_SQ_AFF", 4L);
        m.put("IORING_SETUP_CQSIZE", 8L);
        m.put("IORING_SETUP_CLAMP", 16L);
        m.put("IORING_SETUP_ATTACH_WQ", 32L);
        m.put("IORING_SETUP_R_DISABLED", 64L);
        m.put("IORING_SETUP_SUBMIT_ALL", 128L);
        m.put("IORING_SETUP_COOP_TASKRUN", 0x100L);
        m.put("IORING_SETUP_TASKRUN_FLAG", 0x200L);
        m.put("IORING_SETUP_SQE128", 0x400L);
        m.put("IORING_SETUP_CQE32", 0x800L);
        m.put("IORING_SETUP_SINGLE_ISSUER", 0x1000L);
        m.put("IORING_SETUP_DEFER_TASKRUN", 0x2000L);
        m.put("IORING_ENTER_GETEVENTS", 1L);
        m.put("IORING_ENTER_SQ_WAKEUP", 2L);
        m.put("IORING_ENTER_SQ_WAIT", 4L);
        m.put("IORING_ENTER_EXT_ARG", 8L);
        m.put("IORING_ENTER_REGISTERED_RING", 16L);
        m.put("IORING_FEAT_SINGLE_MMAP", 1L);
        m.put("IORING_FEAT_NODROP", 2L);
        m.put("IORING_FEAT_SUBMIT_STABLE", 4L);
        m.put("IORING_FEAT_RW_CUR_POS", 8L);
        m.put("IORING_FEAT_FAST_POLL", 32L);
        m.put("IORING_FEAT_EXT_ARG", 0x100L);
        m.put("IORING_FEAT_NATIVE_WORKERS", 0x200L);
        m.put("IORING_OFF_SQ_RING", 0L);
        m.put("IORING_OFF_CQ_RING", 0x8000000L);
        m.put("IORING_OFF_SQES", 0x10000000L);
        m.put("IOSQE_FIXED_FILE", 1L);
        m.put("IOSQE_IO_DRAIN", 2L);
        m.put("IOSQE_IO_LINK", 4L);
        m.put("IOSQE_IO_HARDLINK", 8L);
        m.put("IOSQE_ASYNC", 16L);
        m.put("IOSQE_BUFFER_SELECT", 32L);
        m.put("IOSQE_CQE_SKIP_SUCCESS", 64L);
        m.put("IORING_SQ_NEED_WAKEUP", 1L);
        m.put("IORING_SQ_CQ_OVERFLOW", 2L);
        m.put("IORING_SQ_TASKRUN", 4L);
        m.put("IORING_FSYNC_DATASYNC", 1L);
        m.put("IORING_CQE_F_BUFFER", 1L);
        m.put("IORING_CQE_F_MORE", 2L);
        m.put("IORING_OP_NOP", 0L);
        m.put("IORING_OP_READV", 1L);
        m.put("IORING_OP_WRITEV", 2L);
        m.put("IORING_OP_FSYNC", 3L);
        m.put("IORING_OP_READ_FIXED", 4L);
        m.put("IORING_OP_WRITE_FIXED", 5L);
        m.put("IORING_OP_POLL_ADD", 6L);
        m.put("IORING_OP_POLL_REMOVE", 7L);
        m.put("IORING_OP_SYNC_FILE_RANGE", 8L);
        m.put("IORING_OP_TIMEOUT", 11L);
        m.put("IORING_OP_TIMEOUT_REMOVE", 12L);
        m.put("IORING_OP_ASYNC_CANCEL", 14L);
        m.put("IORING_OP_LINK_TIMEOUT", 15L);
        m.put("IORING_OP_FALLOCATE", 17L);
        m.put("IORING_OP_OPENAT", 18L);
        m.put("IORING_OP_CLOSE", 19L);
        m.put("IORING_OP_STATX", 21L);
        m.put("IORING_OP_READ", 22L);
        m.put("IORING_OP_WRITE", 23L);
        m.put("IORING_OP_FADVISE", 24L);
        m.put("IORING_OP_MADVISE", 25L);
        m.put("IORING_REGISTER_BUFFERS", 0L);
        m.put("IORING_UNREGISTER_BUFFERS", 1L);
        m.put("IORING_REGISTER_FILES", 2L);
        m.put("IORING_UNREGISTER_FILES", 3L);
        m.put("IORING_REGISTER_EVENTFD", 4L);
        m.put("IORING_UNREGISTER_EVENTFD", 5L);
        m.put("IORING_REGISTER_FILES_UPDATE", 6L);
        m.put("IORING_REGISTER_PROBE", 8L);
        m.put("IORING_REGISTER_RING_FDS", 20L);
        m.put("IORING_UNREGISTER_RING_FDS", 21L);
        return m;
    }

    private static Map<String, Long> x86_64() {
        Map<String, Long> m = common();
        m.put("O_DIRECT", 040000L);
        m.put("O_DIRECTORY", 0200000L);
        m.put("O_NOFOLLOW", 0400000L);
        m.put("O_TMPFILE", 020200000L);
        return m;
    }

    private static Map<String, Long> aarch64() {
        Map<String, Long> m = common();
        m.put("O_DIRECT", 0200000L);
        m.put("O_DIRECTORY", 040000L);
        m.put("O_NOFOLLOW", 0100000L);
        m.put("O_TMPFILE", 020040000L);
        return m;
    }

}
