/** Linux I/O system calls through java.lang.foreign, in the shape jextract generates. */
module io.jblock.ffm {
}
