/*
 * linux_io.h: every C declaration io.jblock.ffm.linux covers, fed to jextract by regenerate.sh.
 * Target: glibc 2.36+ on Linux x86-64 and aarch64 (LP64). Kernel uapi headers 6.1+; newer
 * constants (RWF_DONTCACHE, SYS_cachestat, cachestat structs) are defined below when missing,
 * with the kernel's values.
 */
#ifndef JBLOCK_LINUX_IO_H
#define JBLOCK_LINUX_IO_H

#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>          /* open, openat, fcntl, posix_fadvise, posix_fallocate, fallocate, sync_file_range, struct flock, O_*, F_*, FALLOC_FL_* */
#include <unistd.h>         /* close, pread, pwrite, fsync, fdatasync, ftruncate, lseek, sysconf, syscall */
#include <sys/uio.h>        /* struct iovec, preadv, pwritev, preadv2, pwritev2, RWF_* */
#include <sys/stat.h>       /* struct stat, fstat, struct statx, statx, STATX_* */
#include <sys/mman.h>       /* mmap, munmap, madvise, mincore, PROT_*, MAP_*, MADV_* */
#include <sys/file.h>       /* flock, LOCK_* */
#include <sys/ioctl.h>      /* ioctl */
#include <sys/syscall.h>    /* SYS_* */
#include <string.h>         /* strerror_r (GNU variant: returns char *) */
#include <linux/fs.h>       /* BLK* ioctls, RWF_*, FS_IOC_* flags and fsxattr */
#include <linux/io_uring.h> /* io_uring structs and constants */

/* Newer than the 6.1 uapi headers of the build machines (values from the kernel sources). */
#ifndef RWF_NOAPPEND
#define JBLOCK_FALLBACK_RWF_NOAPPEND 1
#define RWF_NOAPPEND 0x20 /* not in the 6.1 uapi headers (glibc 2.36 defines it) */
#endif
#ifndef RWF_ATOMIC
#define JBLOCK_FALLBACK_RWF_ATOMIC 1
#define RWF_ATOMIC 0x40 /* Linux 6.11 */
#endif
#ifndef RWF_DONTCACHE
#define JBLOCK_FALLBACK_RWF_DONTCACHE 1
#define RWF_DONTCACHE 0x80 /* Linux 6.14 */
#endif
#ifndef SYS_cachestat
#define JBLOCK_FALLBACK_SYS_cachestat 1
#define SYS_cachestat 0x1c3 /* Linux 6.5; glibc 2.36 has no SYS_cachestat */
#endif

#include <linux/version.h>
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0) /* <linux/mman.h> has them from 6.5 */
struct cachestat_range { __u64 off; __u64 len; };
struct cachestat { __u64 nr_cache; __u64 nr_dirty; __u64 nr_writeback; __u64 nr_evicted; __u64 nr_recently_evicted; };
#endif

/* Functions (glibc prototypes, restated so the list of what is bound is explicit). */
int close(int fd);
ssize_t pread(int fd, void *buf, size_t nbytes, off_t offset);
ssize_t pwrite(int fd, const void *buf, size_t n, off_t offset);
ssize_t preadv(int fd, const struct iovec *iovec, int count, off_t offset);
ssize_t pwritev(int fd, const struct iovec *iovec, int count, off_t offset);
ssize_t preadv2(int fd, const struct iovec *iovec, int count, off_t offset, int flags);
ssize_t pwritev2(int fd, const struct iovec *iovec, int count, off_t offset, int flags);
int fsync(int fd);
int fdatasync(int fildes);
int sync_file_range(int fd, off64_t offset, off64_t count, unsigned int flags);
int posix_fadvise(int fd, off_t offset, off_t len, int advise); /* returns the error number, errno untouched */
int fallocate(int fd, int mode, off_t offset, off_t len);
int posix_fallocate(int fd, off_t offset, off_t len); /* returns the error number, errno untouched */
int ftruncate(int fd, off_t length);
int fstat(int fd, struct stat *buf);
int statx(int dirfd, const char *path, int flags, unsigned int mask, struct statx *buf);
off_t lseek(int fd, off_t offset, int whence);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t len);
int madvise(void *addr, size_t len, int advice);
int mincore(void *start, size_t len, unsigned char *vec);
int flock(int fd, int operation);
char *strerror_r(int errnum, char *buf, size_t buflen); /* the GNU variant */
long sysconf(int name);
int open(const char *file, int oflag, ...);
int openat(int fd, const char *file, int oflag, ...);
int fcntl(int fd, int cmd, ...);
int ioctl(int fd, unsigned long request, ...);
long syscall(long sysno, ...);

#endif
