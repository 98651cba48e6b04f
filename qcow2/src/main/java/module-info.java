/** The qcow2 format driver. */
module io.jblock.qcow2 {
    requires io.jblock.storage;
}
