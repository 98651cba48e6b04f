package io.jblock.storage.file;

import java.util.concurrent.atomic.LongAdder;

/**
 * How often a file node issued the system calls that cost durability or cache work, so tests
 * can prove how many syncs a write costs in each cache mode and that O_DIRECT skips the cache
 * drop. Cheap enough to stay on in production (one LongAdder increment per call).
 */
final class SyscallCounters {
    final LongAdder fdatasync = new LongAdder();
    final LongAdder dsyncWrites = new LongAdder();
    final LongAdder fadviseDontneed = new LongAdder();
    final LongAdder zeroRange = new LongAdder();
    final LongAdder punchHole = new LongAdder();
    final LongAdder zeroBufferWrites = new LongAdder();
}
