package io.jblock.storage.file;

import java.util.Locale;

/**
 * The file driver's {@code aio} option, with QEMU's names: how the file node runs the
 * asynchronous forms of its requests. Synchronous requests always run on the calling thread
 * (pread/pwrite), whatever the mode.
 */
enum AioMode {
    /** The graph's thread engine runs each asynchronous request as a synchronous one (QEMU's default). */
    THREADS("threads"),
    /**
     * QEMU's Linux AIO ({@code io_submit}). jblock has no Linux AIO engine: {@code native} is
     * served by io_uring, which does the same without its restrictions (the open logs this once).
     */
    NATIVE("native"),
    /** An io_uring ring of the node's own: aligned requests go straight into it. */
    IO_URING("io_uring");

    private final String qemuName;

    AioMode(String qemuName) {
        this.qemuName = qemuName;
    }

    String qemuName() {
        return qemuName;
    }

    /** The mode named {@code value} (case-insensitive), or IllegalArgumentException naming the option. */
    static AioMode parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (AioMode m : values()) {
            if (m.qemuName.equals(v)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Parameter 'aio' does not accept value '" + v
                + "' (expected threads, native or io_uring)");
    }
}
