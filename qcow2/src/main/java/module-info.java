/**
 * The qcow2 format driver (QEMU-compatible v2/v3 images), a service provider only: programs
 * reach qcow2 images through {@link io.jblock.storage.BlockGraph} and the feature interfaces of
 * {@code io.jblock.storage.feature} ({@code node.driverFeature(ImageChecker.class)}, ...), and its
 * failures are the exceptions of {@code io.jblock.storage} ({@link io.jblock.storage.CorruptImageException},
 * {@link io.jblock.storage.UnsupportedImageException}). No package of the engine is exported.
 */
module io.jblock.qcow2 {
    requires transitive io.jblock.storage;
    requires aircompressor;

    provides io.jblock.storage.spi.BlockDriverFactory with io.jblock.qcow2.Qcow2DriverFactory;
}
