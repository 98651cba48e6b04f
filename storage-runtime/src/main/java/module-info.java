/** The block node graph, the generic request layer, and the file protocol driver. */
module io.jblock.storage {
    requires transitive io.jblock.ffm;
    requires org.slf4j;

    exports io.jblock.storage;
    exports io.jblock.storage.spi;
    exports io.jblock.storage.feature;
    exports io.jblock.storage.ramfile;
    exports io.jblock.storage.crypto to io.jblock.qcow2, io.jblock.raw;

    uses io.jblock.storage.spi.BlockDriverFactory;
    provides io.jblock.storage.spi.BlockDriverFactory with io.jblock.storage.file.FileDriverFactory,
            io.jblock.storage.file.HostDeviceDriverFactory, io.jblock.storage.file.HostCdromDriverFactory,
            io.jblock.storage.filter.CompressDriverFactory,
            io.jblock.storage.filter.BlkLogWritesDriverFactory,
            io.jblock.storage.filter.BlkdebugDriverFactory,
            io.jblock.storage.filter.CopyOnReadDriverFactory,
            io.jblock.storage.nullblock.NullDriverFactory,
            io.jblock.storage.luks.LuksFormat;
}
