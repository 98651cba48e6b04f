package io.jblock.storage.file;

/**
 * QEMU's {@code host_device} protocol driver: a character or block device, with the
 * {@code file} driver's open options and requests. Anything else is refused as QEMU refuses
 * it ("'host_device' driver requires 'PATH' to be either a character or block device"); create
 * takes only {@code preallocation=off} and needs an existing device large enough. Thread-safe;
 * stateless.
 */
public final class HostDeviceDriverFactory extends DeviceDriverFactory {
    /** The factory ServiceLoader instantiates. */
    public HostDeviceDriverFactory() {
        super(FileProtocol.HOST_DEVICE);
    }
}
