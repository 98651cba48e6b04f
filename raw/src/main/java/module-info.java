/** The raw format driver. */
module io.jblock.raw {
    requires io.jblock.storage;
}
