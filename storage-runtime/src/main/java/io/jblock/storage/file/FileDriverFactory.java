package io.jblock.storage.file;

import io.jblock.ffm.Errno;
import io.jblock.ffm.FileStat;
import io.jblock.ffm.NativeIOException;
import io.jblock.ffm.PosixIO;
import io.jblock.ffm.linux.Libc;
import io.jblock.storage.BlockIOException;
import io.jblock.storage.Preallocation;
import io.jblock.storage.spi.BlockDriver;
import io.jblock.storage.spi.BlockDriverFactory;
import io.jblock.storage.spi.CreateContext;
import io.jblock.storage.spi.DriverKind;
import io.jblock.storage.spi.OpenContext;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The {@code file} protocol driver (QEMU's block/file-posix.c): regular files and block
 * devices through POSIX calls made with the FFM API.
 *
 * <p>Open options, with QEMU's names and defaults: {@code filename} (required), {@code aio}
 * ({@code threads}, the default: asynchronous requests run on the graph's thread engine;
 * {@code io_uring}: the node has an io_uring ring of its own and aligned asynchronous requests go
 * straight into it; {@code native}: QEMU's Linux AIO, served by io_uring since jblock has no
 * Linux AIO engine; where the kernel refuses io_uring the node falls back to {@code threads} and
 * the first fallback of the process is logged),
 * {@code locking} (on/off/auto, default auto), {@code drop-cache} (default on),
 * {@code check-cache-dropped} or {@code x-check-cache-dropped} (default off), {@code discard}
 * (ignore/unmap, default ignore). Create option: {@code preallocation} (off/falloc/full).
 *
 * <p>Guarantees: QEMU-compatible image locks (a writer excludes every other writer, QEMU's
 * included); writes stable on return when writeback is off; O_DIRECT refused by the file
 * system is reported at open with "file system does not support O_DIRECT (try
 * cache.direct=off)". Thread-safe; stateless.
 */
public final class FileDriverFactory implements BlockDriverFactory {

    /** Options {@link #create} reads. */
    public static final Set<String> CREATE_OPTION_NAMES = Set.of("preallocation");

    /** The factory ServiceLoader instantiates. */
    public FileDriverFactory() {
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public DriverKind kind() {
        return DriverKind.PROTOCOL;
    }

    @Override
    public Set<String> optionNames() {
        return FileOptions.NAMES;
    }

    /** A protocol node has no children. */
    @Override
    public java.util.Optional<Set<String>> childRoles() {
        return java.util.Optional.of(Set.of());
    }

    @Override
    public BlockDriver open(OpenContext context) throws IOException {
        return FileDriver.open(context);
    }

    /**
     * Creates (or empties) the file and sizes it with the requested preallocation, as QEMU's
     * raw_co_create: it first claims write and resize and refuses to share resize, so an image
     * a running VM (or a jblock writer) holds is not clobbered. For a block device nothing is
     * written; it must be large enough.
     */
    /** QEMU's default extent size hint for new files. */
    private static final long DEFAULT_EXTENT_SIZE_HINT = 1 << 20;

    @Override
    public void create(CreateContext context) throws IOException {
        Preallocation prealloc = Preallocation.parse(context.options().string("preallocation", "off"));
        boolean nocow = context.options().bool("nocow", false);
        boolean hintGiven = context.options().has("extent_size_hint");
        long extentSizeHint = context.options().size("extent_size_hint", DEFAULT_EXTENT_SIZE_HINT);
        String path = context.filename();
        long size = context.size();
        FileDescription description = new FileDescription("file-create", path);
        if (size < 0) {
            throw description.failure("size " + size + " is negative", -1);
        }
        if (extentSizeHint < 0 || extentSizeHint > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Extent size hint is too large");
        }
        int fd;
        try {
            fd = PosixIO.openFd(path, Libc.O_RDWR() | Libc.O_CREAT(), 0644);
        } catch (NativeIOException e) {
            throw description.failure("creating the image", -1, e);
        }
        try (ImageLock lock = ImageLock.open(path, path, LockingMode.AUTO, description)) {
            if (lock != null) {
                lock.apply(EnumSet.of(QemuPermission.WRITE, QemuPermission.RESIZE),
                        EnumSet.of(QemuPermission.CONSISTENT_READ, QemuPermission.WRITE,
                                QemuPermission.WRITE_UNCHANGED));
            }
            FileStat stat = PosixIO.fstatFd(fd, path);
            if (stat.isBlockDevice()) {
                checkDeviceSize(fd, path, size, prealloc, description);
            } else if (stat.isRegularFile()) {
                FileResize.resize(fd, false, stat.size(), 0, Preallocation.OFF, description);
                setAttributes(context, fd, path, nocow, extentSizeHint, hintGiven);
                FileResize.resize(fd, false, 0, size, prealloc, description);
            } else {
                throw description.failure("'file' driver can only create regular files or use block devices", -1);
            }
        } catch (NativeIOException e) {
            throw description.failure("creating the image", -1, e);
        } finally {
            try {
                PosixIO.closeFd(fd, path);
            } catch (NativeIOException e) {
                // a close error after a complete create loses nothing: the data was synced or is sparse
            }
        }
    }

    /**
     * On the emptied file, before it is sized: {@code nocow} (btrfs's FS_NOCOW_FL, best effort)
     * and the extent size hint (1 MiB unless given; 0 turns it off), as QEMU's raw_co_create.
     * A hint the file system refuses is only worth a warning when it was asked for.
     */
    private static void setAttributes(CreateContext context, int fd, String path, boolean nocow,
                                      long extentSizeHint, boolean hintGiven) {
        if (nocow) {
            PosixIO.ioctlAddNoCowFlag(fd);
        }
        try {
            PosixIO.ioctlSetExtentSizeHint(fd, (int) extentSizeHint, path);
        } catch (NativeIOException e) {
            if (hintGiven && extentSizeHint != 0) {
                context.warn("Failed to set extent size hint: " + e.strerror());
            }
        }
    }

    private static void checkDeviceSize(int fd, String path, long size, Preallocation prealloc,
                                        FileDescription description) throws NativeIOException, BlockIOException {
        if (prealloc != Preallocation.OFF) {
            throw description.failure("Preallocation mode '" + prealloc.qemuName()
                    + "' unsupported for this non-regular file", -1, Errno.ENOTSUP);
        }
        long deviceSize = PosixIO.ioctlBlkGetSize64(fd, path);
        if (deviceSize < size) {
            throw description.failure("The device is not large enough: " + deviceSize + " bytes, "
                    + size + " requested", -1, Errno.ENOSPC);
        }
    }
}
