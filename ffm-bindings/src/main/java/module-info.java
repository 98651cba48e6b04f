/**
 * Linux I/O system calls through java.lang.foreign: a checked syscall layer
 * ({@code io.jblock.ffm}) and aligned memory ({@code io.jblock.ffm.memory}), both safe to use
 * from a module without native access (every buffer is a {@link java.lang.foreign.MemorySegment}
 * whose bounds and lifetime are checked; no raw addresses, no length apart from the segment's).
 * No JNI.
 *
 * <p>The jextract-shaped raw bindings ({@code io.jblock.ffm.linux}: {@code Libc} with
 * {@code pread(fd, buf, count, offset)} and the struct accessors) check nothing, so they are
 * exported only to jblock's own modules: a module that may read this one does not inherit its
 * native access. The same holds for the io_uring engine ({@code io.jblock.ffm.uring}): a ring
 * writes wherever a request's address points.
 */
module io.jblock.ffm {
    exports io.jblock.ffm;
    exports io.jblock.ffm.memory;
    exports io.jblock.ffm.linux to io.jblock.storage;
    exports io.jblock.ffm.uring to io.jblock.storage;
}
