/**
 * Linux I/O system calls through java.lang.foreign: jextract-shaped raw bindings
 * ({@code io.jblock.ffm.linux}), a checked syscall layer ({@code io.jblock.ffm}) and aligned
 * memory ({@code io.jblock.ffm.memory}), and the io_uring engine ({@code io.jblock.ffm.uring},
 * for jblock's storage module only). No JNI.
 */
module io.jblock.ffm {
    exports io.jblock.ffm;
    exports io.jblock.ffm.linux;
    exports io.jblock.ffm.memory;
    exports io.jblock.ffm.uring to io.jblock.storage;
}
