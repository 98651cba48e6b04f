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
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code host_device} and {@code host_cdrom} share: the file driver's open options and
 * requests on a character or block device, and QEMU's "simple" create (the device must exist
 * and be large enough; its first sector is zeroed).
 */
abstract sealed class DeviceDriverFactory implements BlockDriverFactory
        permits HostDeviceDriverFactory, HostCdromDriverFactory {
    /** Options {@link #create} reads. */
    static final Set<String> CREATE_OPTION_NAMES = Set.of("preallocation");

    private static final int SECTOR = 512;

    private final FileProtocol protocol;

    DeviceDriverFactory(FileProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public String name() {
        return protocol.driverName();
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
    public Optional<Set<String>> childRoles() {
        return Optional.of(Set.of());
    }

    @Override
    public BlockDriver open(OpenContext context) throws IOException {
        return FileDriver.open(context, protocol);
    }

    /**
     * QEMU's bdrv_co_create_opts_simple: only {@code preallocation=off}; the device is opened
     * (it must be a character or block device), must hold {@code size} bytes, and its first
     * sector is zeroed so that no old image header is probed.
     */
    @Override
    public void create(CreateContext context) throws IOException {
        Preallocation prealloc = Preallocation.parse(context.options().string("preallocation", "off"));
        String path = context.filename();
        FileDescription description = new FileDescription(protocol.driverName() + "-create", path);
        if (prealloc != Preallocation.OFF) {
            throw description.failure("Unsupported preallocation mode '" + prealloc.qemuName() + "'", -1,
                    Errno.ENOTSUP);
        }
        String refused = "Protocol driver '" + protocol.driverName()
                + "' does not support image creation, and opening the image failed: ";
        int fd;
        try {
            fd = PosixIO.openFd(path, Libc.O_RDWR(), 0);
        } catch (NativeIOException e) {
            throw description.failure(refused + "Could not open '" + path + "': " + e.strerror(), -1, e.errno());
        }
        try {
            FileStat stat = PosixIO.fstatFd(fd, path);
            try {
                protocol.requireType(stat, description);
            } catch (BlockIOException e) {
                throw description.failure(refused + e.reason(), -1);
            }
            long size = stat.isBlockDevice() ? PosixIO.ioctlBlkGetSize64(fd, path)
                    : PosixIO.lseekFd(fd, 0, Libc.SEEK_END(), path);
            if (size < context.size()) {
                throw description.failure("Cannot grow device files", -1, Errno.ENOTSUP);
            }
            long clear = Math.min(size, SECTOR);
            if (clear > 0) {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment zeroes = arena.allocate(clear);
                    PosixIO.pwriteFd(fd, zeroes, 0, path);
                }
            }
        } catch (NativeIOException e) {
            throw description.failure("creating the image", -1, e);
        } finally {
            try {
                PosixIO.closeFd(fd, path);
            } catch (NativeIOException e) {
                // the device was written with pwrite; a failing close loses nothing we report
            }
        }
    }
}
