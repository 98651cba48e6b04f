package io.jblock.ffm.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A thread-safe pool of aligned native buffers for hot I/O paths.
 *
 * <p>Buffers come in power-of-two size classes from {@code alignment} to {@code maxBufferSize};
 * {@link #acquire} returns a whole buffer of the smallest class that fits (callers slice if they
 * need the exact size, and release the buffer itself, not the slice). Up to
 * {@code maxPooledPerSize} buffers per class are made from the pool's own shared arena and
 * reused forever; once a class has made them all, acquire and release allocate nothing
 * (no segment, slice or box objects). Beyond that limit, buffers are allocated from their own
 * arena and freed on release, so memory stays bounded by what is in use.
 *
 * <p>Misuse is reported, not absorbed: releasing a segment that did not come from this pool
 * (or a slice of one), releasing twice, or using the pool after {@link #close()} throws
 * {@link IllegalStateException}; once closed, the pool's buffers are freed and any access
 * through them throws {@link IllegalStateException} from the FFM runtime.
 */
public final class BufferPool implements AutoCloseable {

    private final String name;
    private final int alignment;
    private final long maxBufferSize;
    private final int maxPooledPerSize;
    private final Arena arena = Arena.ofShared();
    private final SizeClass[] classes;
    private final int minShift;
    private volatile boolean closed;

    /**
     * An empty pool; buffers are allocated on first demand.
     *
     * @param name             names the pool in exception messages
     * @param alignment        buffer address alignment, a power of two (e.g. {@link AlignedMemory#DEFAULT_ALIGNMENT})
     * @param maxBufferSize    largest size {@link #acquire} accepts
     * @param maxPooledPerSize how many buffers of each size class are kept for reuse
     */
    public BufferPool(String name, int alignment, long maxBufferSize, int maxPooledPerSize) {
        AlignedMemory.requirePowerOfTwo(alignment);
        if (maxBufferSize < 1) {
            throw new IllegalArgumentException(name + ": maxBufferSize must be positive, got " + maxBufferSize);
        }
        if (maxPooledPerSize < 0) {
            throw new IllegalArgumentException(name + ": maxPooledPerSize must not be negative, got " + maxPooledPerSize);
        }
        this.name = name;
        this.alignment = alignment;
        this.maxBufferSize = maxBufferSize;
        this.maxPooledPerSize = maxPooledPerSize;
        this.minShift = Integer.numberOfTrailingZeros(alignment);
        long top = ceilPowerOfTwo(Math.max(maxBufferSize, alignment));
        int n = Long.numberOfTrailingZeros(top) - minShift + 1;
        classes = new SizeClass[n];
        for (int i = 0; i < n; i++) {
            classes[i] = new SizeClass(1L << (minShift + i), maxPooledPerSize);
        }
    }

    /** {@return the alignment of every buffer's address (and size)} */
    public int alignment() {
        return alignment;
    }

    /**
     * {@return an aligned buffer of at least {@code size} bytes (its size is a power of two, at
     * least the alignment)} Contents are whatever the previous user left.
     *
     * @param size bytes needed, from 1 to the pool's largest buffer size
     * @throws IllegalArgumentException if {@code size} is not in {@code [1, maxBufferSize]}
     * @throws IllegalStateException    after {@link #close()}
     */
    public MemorySegment acquire(long size) {
        if (size < 1 || size > maxBufferSize) {
            throw new IllegalArgumentException(name + ": buffer size must be in [1, " + maxBufferSize + "], got " + size);
        }
        ensureOpen();
        SizeClass c = classes[classIndex(size)];
        synchronized (c) {
            ensureOpen();
            MemorySegment s = c.pop();
            if (s != null) {
                return s;
            }
            if (c.created < maxPooledPerSize) {
                s = arena.allocate(c.size, alignment);
                c.register(s);
                return s;
            }
            // Over the pooled limit: a buffer of its own, freed on release.
            Arena own = Arena.ofShared();
            s = own.allocate(c.size, alignment);
            c.overflow.put(s, own);
            return s;
        }
    }

    /**
     * Gives {@code s} back. {@code s} must be a segment {@link #acquire} returned and not yet released.
     *
     * @param s a segment {@link #acquire} returned (not a slice of it)
     * @throws IllegalStateException on double release, a foreign segment or slice, or after close
     */
    public void release(MemorySegment s) {
        ensureOpen();
        long size = s.byteSize();
        int i = Long.bitCount(size) == 1 && size >= alignment && size <= classes[classes.length - 1].size
                ? Long.numberOfTrailingZeros(size) - minShift : -1;
        if (i < 0) {
            throw notFromPool(s);
        }
        SizeClass c = classes[i];
        Arena own;
        synchronized (c) {
            ensureOpen();
            int state = c.state(s.address());
            if (state == SizeClass.OUT) {
                c.push(s);
                return;
            }
            if (state == SizeClass.IN_POOL) {
                throw new IllegalStateException(name + ": buffer at 0x" + Long.toHexString(s.address())
                        + " (" + size + " bytes) released twice");
            }
            own = c.overflow.remove(s);
        }
        if (own == null) {
            throw notFromPool(s);
        }
        own.close();
    }

    private IllegalStateException notFromPool(MemorySegment s) {
        return new IllegalStateException(name + ": segment at 0x" + Long.toHexString(s.address()) + " ("
                + s.byteSize() + " bytes) was not acquired from this pool, or was already released; "
                + "release the segment acquire() returned, not a slice of it");
    }

    /** Frees every buffer; afterwards acquire and release throw IllegalStateException. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (SizeClass c : classes) {
            synchronized (c) { // waits for acquire/release in flight on this class
                for (Arena own : c.overflow.values()) {
                    own.close();
                }
                c.overflow.clear();
            }
        }
        arena.close();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + ": buffer pool is closed");
        }
    }

    private int classIndex(long size) {
        long rounded = ceilPowerOfTwo(Math.max(size, alignment));
        return Long.numberOfTrailingZeros(rounded) - minShift;
    }

    private static long ceilPowerOfTwo(long v) {
        return v <= 1 ? 1 : Long.highestOneBit(v - 1) << 1;
    }

    /**
     * One size class: a stack of free buffers and an open-addressing table from buffer address
     * to state, both sized once for {@code capacity} buffers so steady-state use allocates nothing.
     */
    private static final class SizeClass {
        static final byte ABSENT = 0;
        static final byte IN_POOL = 1;
        static final byte OUT = 2;

        final long size;
        final MemorySegment[] free;
        int freeCount;
        int created;
        final long[] keys;
        final byte[] states;
        final int mask;
        final Map<MemorySegment, Arena> overflow = new IdentityHashMap<>();

        SizeClass(long size, int capacity) {
            this.size = size;
            this.free = new MemorySegment[capacity];
            int tableSize = Integer.highestOneBit(Math.max(capacity, 1) * 2 - 1) << 1;
            this.keys = new long[tableSize];
            this.states = new byte[tableSize];
            this.mask = tableSize - 1;
        }

        MemorySegment pop() {
            if (freeCount == 0) {
                return null;
            }
            MemorySegment s = free[--freeCount];
            free[freeCount] = null;
            states[slot(s.address())] = OUT;
            return s;
        }

        void push(MemorySegment s) {
            states[slot(s.address())] = IN_POOL;
            free[freeCount++] = s;
        }

        void register(MemorySegment s) {
            int i = slot(s.address());
            keys[i] = s.address();
            states[i] = OUT;
            created++;
        }

        byte state(long address) {
            return states[slot(address)];
        }

        /** The slot holding {@code address}, or the empty slot where it would go. */
        private int slot(long address) {
            int i = (int) mix(address) & mask;
            while (states[i] != ABSENT && keys[i] != address) {
                i = (i + 1) & mask;
            }
            return i;
        }

        private static long mix(long address) {
            long h = address * 0x9E3779B97F4A7C15L;
            return h ^ (h >>> 29);
        }
    }
}
