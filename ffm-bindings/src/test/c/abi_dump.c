/*
 * ABI dump for AbiTest: prints, one "key<TAB>value" line each, the value of every constant and
 * the size and field offsets of every struct io.jblock.ffm.linux binds, as this machine's C
 * compiler sees them through jextract/linux_io.h (the header jextract is fed).
 * Constants newer than the installed kernel headers get the kernel's value from linux_io.h's
 * #ifndef fallbacks; those lines are marked "# fallback" so the test report can say so.
 */
#include "linux_io.h"
#include <stddef.h>
#include <stdio.h>

#define CONST(name) printf("%s\t%lld\n", #name, (long long) (name))
#define SIZEOF(type) printf("sizeof(%s)\t%zu\n", #type, sizeof(type))
#define OFFSETOF(type, field) printf("offsetof(%s, %s)\t%zu\n", #type, #field, offsetof(type, field))
/* A field that the installed headers call by an older name. */
#define OFFSETOF_AS(type, field, oldname) printf("offsetof(%s, %s)\t%zu\n", #type, #field, offsetof(type, oldname))

int main(void) {
    CONST(EPERM);
    CONST(ENOENT);
    CONST(ESRCH);
    CONST(EINTR);
    CONST(EIO);
    CONST(ENXIO);
    CONST(E2BIG);
    CONST(EBADF);
    CONST(EAGAIN);
    CONST(ENOMEM);
    CONST(EACCES);
    CONST(EFAULT);
    CONST(ENOTBLK);
    CONST(EBUSY);
    CONST(EEXIST);
    CONST(EXDEV);
    CONST(ENODEV);
    CONST(ENOTDIR);
    CONST(EISDIR);
    CONST(EINVAL);
    CONST(ENFILE);
    CONST(EMFILE);
    CONST(ENOTTY);
    CONST(ETXTBSY);
    CONST(EFBIG);
    CONST(ENOSPC);
    CONST(ESPIPE);
    CONST(EROFS);
    CONST(EPIPE);
    CONST(ERANGE);
    CONST(EDEADLK);
    CONST(ENAMETOOLONG);
    CONST(ENOLCK);
    CONST(ENOSYS);
    CONST(ENOTEMPTY);
    CONST(ELOOP);
    CONST(ENODATA);
    CONST(ETIME);
    CONST(EOVERFLOW);
    CONST(EBADFD);
    CONST(EOPNOTSUPP);
    CONST(ETIMEDOUT);
    CONST(EALREADY);
    CONST(EINPROGRESS);
    CONST(ESTALE);
    CONST(EREMOTEIO);
    CONST(EDQUOT);
    CONST(ENOMEDIUM);
    CONST(EMEDIUMTYPE);
    CONST(ECANCELED);
    CONST(O_RDONLY);
    CONST(O_WRONLY);
    CONST(O_RDWR);
    CONST(O_ACCMODE);
    CONST(O_CREAT);
    CONST(O_EXCL);
    CONST(O_NOCTTY);
    CONST(O_TRUNC);
    CONST(O_APPEND);
    CONST(O_NONBLOCK);
    CONST(O_DSYNC);
    CONST(O_SYNC);
    CONST(O_NOATIME);
    CONST(O_CLOEXEC);
    CONST(O_PATH);
    CONST(O_DIRECT);
    CONST(O_DIRECTORY);
    CONST(O_NOFOLLOW);
    CONST(O_LARGEFILE);
    CONST(O_TMPFILE);
    CONST(AT_FDCWD);
    CONST(AT_SYMLINK_NOFOLLOW);
    CONST(AT_EMPTY_PATH);
    CONST(AT_STATX_SYNC_AS_STAT);
    CONST(AT_STATX_FORCE_SYNC);
    CONST(AT_STATX_DONT_SYNC);
    CONST(S_IFMT);
    CONST(S_IFREG);
    CONST(S_IFBLK);
    CONST(S_IFDIR);
    CONST(S_IFCHR);
    CONST(STATX_TYPE);
    CONST(STATX_MODE);
    CONST(STATX_NLINK);
    CONST(STATX_UID);
    CONST(STATX_GID);
    CONST(STATX_ATIME);
    CONST(STATX_MTIME);
    CONST(STATX_CTIME);
    CONST(STATX_INO);
    CONST(STATX_SIZE);
    CONST(STATX_BLOCKS);
    CONST(STATX_BASIC_STATS);
    CONST(STATX_BTIME);
    CONST(STATX_MNT_ID);
    CONST(STATX_DIOALIGN);
    CONST(RWF_HIPRI);
    CONST(RWF_DSYNC);
    CONST(RWF_SYNC);
    CONST(RWF_NOWAIT);
    CONST(RWF_APPEND);
#ifdef JBLOCK_FALLBACK_RWF_NOAPPEND
    printf("# fallback RWF_NOAPPEND\n");
#endif
    CONST(RWF_NOAPPEND);
#ifdef JBLOCK_FALLBACK_RWF_ATOMIC
    printf("# fallback RWF_ATOMIC\n");
#endif
    CONST(RWF_ATOMIC);
#ifdef JBLOCK_FALLBACK_RWF_DONTCACHE
    printf("# fallback RWF_DONTCACHE\n");
#endif
    CONST(RWF_DONTCACHE);
    CONST(SYNC_FILE_RANGE_WAIT_BEFORE);
    CONST(SYNC_FILE_RANGE_WRITE);
    CONST(SYNC_FILE_RANGE_WAIT_AFTER);
    CONST(POSIX_FADV_NORMAL);
    CONST(POSIX_FADV_RANDOM);
    CONST(POSIX_FADV_SEQUENTIAL);
    CONST(POSIX_FADV_WILLNEED);
    CONST(POSIX_FADV_DONTNEED);
    CONST(POSIX_FADV_NOREUSE);
    CONST(FALLOC_FL_KEEP_SIZE);
    CONST(FALLOC_FL_PUNCH_HOLE);
    CONST(FALLOC_FL_COLLAPSE_RANGE);
    CONST(FALLOC_FL_ZERO_RANGE);
    CONST(FALLOC_FL_INSERT_RANGE);
    CONST(FALLOC_FL_UNSHARE_RANGE);
    CONST(SEEK_SET);
    CONST(SEEK_CUR);
    CONST(SEEK_END);
    CONST(SEEK_DATA);
    CONST(SEEK_HOLE);
    CONST(PROT_NONE);
    CONST(PROT_READ);
    CONST(PROT_WRITE);
    CONST(PROT_EXEC);
    CONST(MAP_SHARED);
    CONST(MAP_PRIVATE);
    CONST(MAP_SHARED_VALIDATE);
    CONST(MAP_FIXED);
    CONST(MAP_ANONYMOUS);
    CONST(MAP_LOCKED);
    CONST(MAP_NORESERVE);
    CONST(MAP_POPULATE);
    CONST(MADV_NORMAL);
    CONST(MADV_RANDOM);
    CONST(MADV_SEQUENTIAL);
    CONST(MADV_WILLNEED);
    CONST(MADV_DONTNEED);
    CONST(MADV_FREE);
    CONST(MADV_REMOVE);
    CONST(MADV_HUGEPAGE);
    CONST(MADV_NOHUGEPAGE);
    CONST(MADV_COLD);
    CONST(MADV_PAGEOUT);
    CONST(F_GETFD);
    CONST(F_SETFD);
    CONST(F_GETFL);
    CONST(F_SETFL);
    CONST(F_GETLK);
    CONST(F_SETLK);
    CONST(F_SETLKW);
    CONST(F_OFD_GETLK);
    CONST(F_OFD_SETLK);
    CONST(F_OFD_SETLKW);
    CONST(FD_CLOEXEC);
    CONST(F_RDLCK);
    CONST(F_WRLCK);
    CONST(F_UNLCK);
    CONST(LOCK_SH);
    CONST(LOCK_EX);
    CONST(LOCK_NB);
    CONST(LOCK_UN);
    CONST(BLKROGET);
    CONST(BLKFLSBUF);
    CONST(BLKSSZGET);
    CONST(BLKDISCARD);
    CONST(BLKPBSZGET);
    CONST(BLKZEROOUT);
    CONST(BLKGETSIZE64);
    CONST(FS_IOC_GETFLAGS);
    CONST(FS_IOC_SETFLAGS);
    CONST(FS_NOCOW_FL);
    CONST(FS_IOC_FSGETXATTR);
    CONST(FS_IOC_FSSETXATTR);
    CONST(FS_XFLAG_EXTSIZE);
    CONST(_SC_PAGESIZE);
    CONST(SYS_io_uring_setup);
    CONST(SYS_io_uring_enter);
    CONST(SYS_io_uring_register);
#ifdef JBLOCK_FALLBACK_SYS_cachestat
    printf("# fallback SYS_cachestat\n");
#endif
    CONST(SYS_cachestat);
    CONST(IORING_SETUP_IOPOLL);
    CONST(IORING_SETUP_SQPOLL);
    CONST(IORING_SETUP_SQ_AFF);
    CONST(IORING_SETUP_CQSIZE);
    CONST(IORING_SETUP_CLAMP);
    CONST(IORING_SETUP_ATTACH_WQ);
    CONST(IORING_SETUP_R_DISABLED);
    CONST(IORING_SETUP_SUBMIT_ALL);
    CONST(IORING_SETUP_COOP_TASKRUN);
    CONST(IORING_SETUP_TASKRUN_FLAG);
    CONST(IORING_SETUP_SQE128);
    CONST(IORING_SETUP_CQE32);
    CONST(IORING_SETUP_SINGLE_ISSUER);
    CONST(IORING_SETUP_DEFER_TASKRUN);
    CONST(IORING_ENTER_GETEVENTS);
    CONST(IORING_ENTER_SQ_WAKEUP);
    CONST(IORING_ENTER_SQ_WAIT);
    CONST(IORING_ENTER_EXT_ARG);
    CONST(IORING_ENTER_REGISTERED_RING);
    CONST(IORING_FEAT_SINGLE_MMAP);
    CONST(IORING_FEAT_NODROP);
    CONST(IORING_FEAT_SUBMIT_STABLE);
    CONST(IORING_FEAT_RW_CUR_POS);
    CONST(IORING_FEAT_FAST_POLL);
    CONST(IORING_FEAT_EXT_ARG);
    CONST(IORING_FEAT_NATIVE_WORKERS);
    CONST(IORING_OFF_SQ_RING);
    CONST(IORING_OFF_CQ_RING);
    CONST(IORING_OFF_SQES);
    CONST(IOSQE_FIXED_FILE);
    CONST(IOSQE_IO_DRAIN);
    CONST(IOSQE_IO_LINK);
    CONST(IOSQE_IO_HARDLINK);
    CONST(IOSQE_ASYNC);
    CONST(IOSQE_BUFFER_SELECT);
    CONST(IOSQE_CQE_SKIP_SUCCESS);
    CONST(IORING_SQ_NEED_WAKEUP);
    CONST(IORING_SQ_CQ_OVERFLOW);
    CONST(IORING_SQ_TASKRUN);
    CONST(IORING_FSYNC_DATASYNC);
    CONST(IORING_CQE_F_BUFFER);
    CONST(IORING_CQE_F_MORE);
    CONST(IORING_OP_NOP);
    CONST(IORING_OP_READV);
    CONST(IORING_OP_WRITEV);
    CONST(IORING_OP_FSYNC);
    CONST(IORING_OP_READ_FIXED);
    CONST(IORING_OP_WRITE_FIXED);
    CONST(IORING_OP_POLL_ADD);
    CONST(IORING_OP_POLL_REMOVE);
    CONST(IORING_OP_SYNC_FILE_RANGE);
    CONST(IORING_OP_TIMEOUT);
    CONST(IORING_OP_TIMEOUT_REMOVE);
    CONST(IORING_OP_ASYNC_CANCEL);
    CONST(IORING_OP_LINK_TIMEOUT);
    CONST(IORING_OP_FALLOCATE);
    CONST(IORING_OP_OPENAT);
    CONST(IORING_OP_CLOSE);
    CONST(IORING_OP_STATX);
    CONST(IORING_OP_READ);
    CONST(IORING_OP_WRITE);
    CONST(IORING_OP_FADVISE);
    CONST(IORING_OP_MADVISE);
    CONST(IORING_REGISTER_BUFFERS);
    CONST(IORING_UNREGISTER_BUFFERS);
    CONST(IORING_REGISTER_FILES);
    CONST(IORING_UNREGISTER_FILES);
    CONST(IORING_REGISTER_EVENTFD);
    CONST(IORING_UNREGISTER_EVENTFD);
    CONST(IORING_REGISTER_FILES_UPDATE);
    CONST(IORING_REGISTER_PROBE);
    CONST(IORING_REGISTER_RING_FDS);
    CONST(IORING_UNREGISTER_RING_FDS);

    SIZEOF(struct stat);
    OFFSETOF(struct stat, st_dev);
    OFFSETOF(struct stat, st_ino);
    OFFSETOF(struct stat, st_nlink);
    OFFSETOF(struct stat, st_mode);
    OFFSETOF(struct stat, st_uid);
    OFFSETOF(struct stat, st_gid);
    OFFSETOF(struct stat, st_rdev);
    OFFSETOF(struct stat, st_size);
    OFFSETOF(struct stat, st_blksize);
    OFFSETOF(struct stat, st_blocks);
    OFFSETOF(struct stat, st_atim);
    OFFSETOF(struct stat, st_mtim);
    OFFSETOF(struct stat, st_ctim);

    SIZEOF(struct statx_timestamp);
    OFFSETOF(struct statx_timestamp, tv_sec);
    OFFSETOF(struct statx_timestamp, tv_nsec);

    SIZEOF(struct statx);
    OFFSETOF(struct statx, stx_mask);
    OFFSETOF(struct statx, stx_blksize);
    OFFSETOF(struct statx, stx_attributes);
    OFFSETOF(struct statx, stx_nlink);
    OFFSETOF(struct statx, stx_uid);
    OFFSETOF(struct statx, stx_gid);
    OFFSETOF(struct statx, stx_mode);
    OFFSETOF(struct statx, stx_ino);
    OFFSETOF(struct statx, stx_size);
    OFFSETOF(struct statx, stx_blocks);
    OFFSETOF(struct statx, stx_attributes_mask);
    OFFSETOF(struct statx, stx_atime);
    OFFSETOF(struct statx, stx_btime);
    OFFSETOF(struct statx, stx_ctime);
    OFFSETOF(struct statx, stx_mtime);
    OFFSETOF(struct statx, stx_rdev_major);
    OFFSETOF(struct statx, stx_rdev_minor);
    OFFSETOF(struct statx, stx_dev_major);
    OFFSETOF(struct statx, stx_dev_minor);
    OFFSETOF(struct statx, stx_mnt_id);
    OFFSETOF(struct statx, stx_dio_mem_align);
    OFFSETOF(struct statx, stx_dio_offset_align);

    SIZEOF(struct iovec);
    OFFSETOF(struct iovec, iov_base);
    OFFSETOF(struct iovec, iov_len);

    SIZEOF(struct flock);
    OFFSETOF(struct flock, l_type);
    OFFSETOF(struct flock, l_whence);
    OFFSETOF(struct flock, l_start);
    OFFSETOF(struct flock, l_len);
    OFFSETOF(struct flock, l_pid);

    SIZEOF(struct fsxattr);
    OFFSETOF(struct fsxattr, fsx_xflags);
    OFFSETOF(struct fsxattr, fsx_extsize);
    OFFSETOF(struct fsxattr, fsx_nextents);
    OFFSETOF(struct fsxattr, fsx_projid);
    OFFSETOF(struct fsxattr, fsx_cowextsize);

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0)
    printf("# fallback struct cachestat_range, struct cachestat (defined in linux_io.h)\n");
#endif
    SIZEOF(struct cachestat_range);
    OFFSETOF(struct cachestat_range, off);
    OFFSETOF(struct cachestat_range, len);

    SIZEOF(struct cachestat);
    OFFSETOF(struct cachestat, nr_cache);
    OFFSETOF(struct cachestat, nr_dirty);
    OFFSETOF(struct cachestat, nr_writeback);
    OFFSETOF(struct cachestat, nr_evicted);
    OFFSETOF(struct cachestat, nr_recently_evicted);

    SIZEOF(struct io_sqring_offsets);
    OFFSETOF(struct io_sqring_offsets, head);
    OFFSETOF(struct io_sqring_offsets, tail);
    OFFSETOF(struct io_sqring_offsets, ring_mask);
    OFFSETOF(struct io_sqring_offsets, ring_entries);
    OFFSETOF(struct io_sqring_offsets, flags);
    OFFSETOF(struct io_sqring_offsets, dropped);
    OFFSETOF(struct io_sqring_offsets, array);
    OFFSETOF(struct io_sqring_offsets, resv1);
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0) /* 6.5 renamed resv2 to user_addr */
    OFFSETOF_AS(struct io_sqring_offsets, user_addr, resv2);
#else
    OFFSETOF(struct io_sqring_offsets, user_addr);
#endif

    SIZEOF(struct io_cqring_offsets);
    OFFSETOF(struct io_cqring_offsets, head);
    OFFSETOF(struct io_cqring_offsets, tail);
    OFFSETOF(struct io_cqring_offsets, ring_mask);
    OFFSETOF(struct io_cqring_offsets, ring_entries);
    OFFSETOF(struct io_cqring_offsets, overflow);
    OFFSETOF(struct io_cqring_offsets, cqes);
    OFFSETOF(struct io_cqring_offsets, flags);
    OFFSETOF(struct io_cqring_offsets, resv1);
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 5, 0) /* 6.5 renamed resv2 to user_addr */
    OFFSETOF_AS(struct io_cqring_offsets, user_addr, resv2);
#else
    OFFSETOF(struct io_cqring_offsets, user_addr);
#endif

    SIZEOF(struct io_uring_params);
    OFFSETOF(struct io_uring_params, sq_entries);
    OFFSETOF(struct io_uring_params, cq_entries);
    OFFSETOF(struct io_uring_params, flags);
    OFFSETOF(struct io_uring_params, sq_thread_cpu);
    OFFSETOF(struct io_uring_params, sq_thread_idle);
    OFFSETOF(struct io_uring_params, features);
    OFFSETOF(struct io_uring_params, wq_fd);
    OFFSETOF(struct io_uring_params, resv);
    OFFSETOF(struct io_uring_params, sq_off);
    OFFSETOF(struct io_uring_params, cq_off);

    SIZEOF(struct io_uring_sqe);
    OFFSETOF(struct io_uring_sqe, opcode);
    OFFSETOF(struct io_uring_sqe, flags);
    OFFSETOF(struct io_uring_sqe, ioprio);
    OFFSETOF(struct io_uring_sqe, fd);
    OFFSETOF(struct io_uring_sqe, off);
    OFFSETOF(struct io_uring_sqe, addr2);
    OFFSETOF(struct io_uring_sqe, addr);
    OFFSETOF(struct io_uring_sqe, splice_off_in);
    OFFSETOF(struct io_uring_sqe, len);
    OFFSETOF(struct io_uring_sqe, rw_flags);
    OFFSETOF(struct io_uring_sqe, fsync_flags);
    OFFSETOF(struct io_uring_sqe, poll32_events);
    OFFSETOF(struct io_uring_sqe, sync_range_flags);
    OFFSETOF(struct io_uring_sqe, msg_flags);
    OFFSETOF(struct io_uring_sqe, timeout_flags);
    OFFSETOF(struct io_uring_sqe, accept_flags);
    OFFSETOF(struct io_uring_sqe, cancel_flags);
    OFFSETOF(struct io_uring_sqe, open_flags);
    OFFSETOF(struct io_uring_sqe, statx_flags);
    OFFSETOF(struct io_uring_sqe, fadvise_advice);
    OFFSETOF(struct io_uring_sqe, user_data);
    OFFSETOF(struct io_uring_sqe, buf_index);
    OFFSETOF(struct io_uring_sqe, buf_group);
    OFFSETOF(struct io_uring_sqe, personality);
    OFFSETOF(struct io_uring_sqe, splice_fd_in);
    OFFSETOF(struct io_uring_sqe, file_index);
    OFFSETOF(struct io_uring_sqe, addr3);

    SIZEOF(struct io_uring_cqe);
    OFFSETOF(struct io_uring_cqe, user_data);
    OFFSETOF(struct io_uring_cqe, res);
    OFFSETOF(struct io_uring_cqe, flags);
    return 0;
}
