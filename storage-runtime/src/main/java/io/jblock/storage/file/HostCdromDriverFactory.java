package io.jblock.storage.file;

/**
 * QEMU's {@code host_cdrom} protocol driver, as on Linux: a character or block device, opened
 * and served as {@code host_device} (no media change or tray handling: jblock has no guest).
 * Thread-safe; stateless.
 */
public final class HostCdromDriverFactory extends DeviceDriverFactory {
    /** The factory ServiceLoader instantiates. */
    public HostCdromDriverFactory() {
        super(FileProtocol.HOST_CDROM);
    }
}
