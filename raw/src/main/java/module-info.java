/** The raw format driver: a disk image that is its file's bytes, optionally a window of them. */
module io.jblock.raw {
    requires io.jblock.storage;

    provides io.jblock.storage.spi.BlockDriverFactory with io.jblock.raw.RawFormat;
}
