package io.jblock.storage.filter;

import java.util.Locale;

/** The kinds of request a blkdebug rule can fail (QEMU's BlkdebugIOType, same names). */
enum BlkdebugIoType {
    READ, WRITE, WRITE_ZEROES, DISCARD, FLUSH, BLOCK_STATUS;

    /** QEMU's default for a rule without {@code iotype}: everything but block-status. */
    static final int DEFAULT_MASK = bit(READ) | bit(WRITE) | bit(WRITE_ZEROES) | bit(DISCARD) | bit(FLUSH);

    private final String qemuName = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** QEMU's name: {@code read}, {@code write-zeroes}, {@code block-status}, .... */
    String qemuName() {
        return qemuName;
    }

    static int bit(BlkdebugIoType t) {
        return 1 << t.ordinal();
    }

    /** The type with QEMU's name {@code name}, or null. */
    static BlkdebugIoType ofQemuName(String name) {
        for (BlkdebugIoType t : values()) {
            if (t.qemuName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
