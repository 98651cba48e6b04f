/** The qcow2 format driver (QEMU-compatible v2/v3 images). */
module io.jblock.qcow2 {
    requires transitive io.jblock.storage;
    requires aircompressor;

    exports io.jblock.qcow2;
    exports io.jblock.qcow2.metadata;
    exports io.jblock.qcow2.cache;
    exports io.jblock.qcow2.types;

    provides io.jblock.storage.spi.BlockDriverFactory with io.jblock.qcow2.Qcow2DriverFactory;
}
