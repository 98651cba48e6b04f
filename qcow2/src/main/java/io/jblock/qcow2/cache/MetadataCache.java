package io.jblock.qcow2.cache;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A write-back LRU cache of metadata tables (L2 tables or refcount blocks), as QEMU's
 * Qcow2Cache: a fixed number of entries of one size, each keyed by its host offset. Table memory
 * is one native segment allocated at construction from the driver's arena, cut into one slice
 * per entry up front; the index is an open-addressing table of primitive keys and recency is a
 * counter, so a hit allocates nothing, boxes nothing and reads no clock.
 *
 * <p>Write ordering (QEMU's qcow2_cache_set_dependency and qcow2_cache_depends_on_flush): a
 * cache may {@linkplain #dependOn depend on another cache}, and it may
 * {@linkplain #dependOnFlush depend on a flush}. Before the first of its dirty entries is
 * written (by {@link #writeBack()}, {@link #writeBack(long)}, eviction or the idle cleaner), the
 * other cache is written back and the file flushed, or the file is flushed; then the dependency
 * is gone. Dependencies never form a cycle: making a cache depend on one that itself depends on
 * something first settles that older dependency (written and flushed), as QEMU does.
 *
 * <p>Misses: {@link #get} reads a missing table while the caller holds its lock, as QEMU does.
 * {@link #loadOutsideLock} is the form for callers that hold nothing but the lock (a lookup at
 * the start of a request): it releases the lock during the read, so a miss does not hold up
 * requests that need other tables, and installs the table afterwards unless it was written,
 * created or forgotten meanwhile (then the caller looks again).
 *
 * <p>Not thread-safe: the driver calls it under its metadata lock (the one given at
 * construction, if any). Dirty entries are written back on eviction, {@link #writeBack()} and
 * never on {@link #drop()}.
 */
public final class MetadataCache {
    /** Table entries: big-endian 64-bit values at any 8-byte offset. */
    public static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final long FREE = -1;
    /** Loads outside the lock at once; more wait for the lock as {@link #get} does. */
    private static final int MAX_LOADING = 32;
    private static final int MARKS = 8;

    private final String name;
    private final int entrySize;
    private final int capacity;
    private final MemorySegment[] slices;
    private final TableIO io;
    private final ReentrantLock lock;
    private final Condition loaded;
    private final SlotIndex index;
    /** Host offset of each slot's table, or {@link #FREE}. */
    private final long[] keys;
    private final boolean[] dirty;
    /** Value of {@link #tick} when each slot was last used: the LRU order. */
    private final long[] lastUsed;
    private final int[] freeSlots;
    private int freeCount;
    private long tick;
    private long hits;
    private long misses;
    /** Scratch for {@link #writeBack()}: the dirty entries' offsets, sorted. */
    private final long[] sortScratch;
    /** Tables being read outside the lock, and whether each was invalidated meanwhile. */
    private final long[] loadingKeys = new long[MAX_LOADING];
    private final boolean[] loadingStale = new boolean[MAX_LOADING];
    private int loadingCount;
    /** When the idle cleaner last ran, and {@link #tick} then (QEMU's cache_clean_lru_counter). */
    private final long[] markNanos = new long[MARKS];
    private final long[] markTicks = new long[MARKS];
    private int markCount;
    /** The cache whose entries must be stable before any of ours is written (QEMU's c->depends). */
    private MetadataCache dependency;
    /** Whether the file must be flushed before any of our entries is written (depends_on_flush). */
    private boolean flushNeeded;

    /**
     * An empty cache whose callers serialise some other way; {@link #loadOutsideLock} reads under it.
     *
     * @param name names the cache in messages
     * @param arena owns the cache's memory
     * @param entrySize bytes of one entry (a table or a slice of one)
     * @param capacity entries held at most, at least 1
     * @param io reads and writes the tables
     */
    public MetadataCache(String name, Arena arena, int entrySize, int capacity, TableIO io) {
        this(name, arena, entrySize, capacity, io, null);
    }

    /**
     * An empty cache.
     *
     * @param name names the cache in messages
     * @param arena owns the cache's memory
     * @param entrySize bytes of one entry (a table or a slice of one)
     * @param capacity entries held at most, at least 1
     * @param io reads and writes the tables
     * @param lock the lock every caller holds (the driver's metadata lock), released by
     *             {@link #loadOutsideLock} while a table is read; null when there is none
     */
    public MetadataCache(String name, Arena arena, int entrySize, int capacity, TableIO io, ReentrantLock lock) {
        if (capacity < 1) {
            throw new IllegalArgumentException(name + " cache needs at least one entry");
        }
        this.name = name;
        this.entrySize = entrySize;
        this.capacity = capacity;
        this.io = io;
        this.lock = lock;
        this.loaded = lock != null ? lock.newCondition() : null;
        MemorySegment memory = arena.allocate((long) entrySize * capacity, 4096);
        this.slices = new MemorySegment[capacity];
        for (int i = 0; i < capacity; i++) {
            slices[i] = memory.asSlice((long) i * entrySize, entrySize);
        }
        this.index = new SlotIndex(capacity);
        this.keys = new long[capacity];
        this.dirty = new boolean[capacity];
        this.lastUsed = new long[capacity];
        this.freeSlots = new int[capacity];
        this.sortScratch = new long[capacity];
        Arrays.fill(keys, FREE);
        for (int i = 0; i < capacity; i++) {
            freeSlots[freeCount++] = capacity - 1 - i;
        }
        markNanos[0] = System.nanoTime();
        markCount = 1;
    }

    /** {@return the cache's name} */
    public String name() {
        return name;
    }

    /** {@return bytes of one entry} */
    public int entrySize() {
        return entrySize;
    }

    /** {@return entries held at most} */
    public int capacity() {
        return capacity;
    }

    /** {@return lookups served from the cache} */
    public long hits() {
        return hits;
    }

    /** {@return lookups that read the file} */
    public long misses() {
        return misses;
    }

    /**
     * {@return whether the table at {@code hostOffset} is cached (a lookup that changes nothing)}
     *
     * @param hostOffset file offset of the table (entry-aligned)
     */
    public boolean contains(long hostOffset) {
        return index.get(hostOffset) >= 0;
    }

    /**
     * {@return the table at {@code hostOffset} (entry-aligned), read from the file on a miss}
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @throws IOException when the file cannot be read or written
     */
    public MemorySegment get(long hostOffset) throws IOException {
        int s = index.get(hostOffset);
        if (s >= 0) {
            hits++;
            lastUsed[s] = ++tick;
            return slices[s];
        }
        misses++;
        int idx = takeSlot();
        boolean ok = false;
        try {
            io.load(hostOffset, slices[idx]);
            ok = true;
        } finally {
            if (!ok) {
                freeSlots[freeCount++] = idx;
            }
        }
        install(idx, hostOffset, false);
        return slices[idx];
    }

    /**
     * Reads the table at {@code hostOffset} into the cache with the lock released during the
     * read (see the class comment). The caller holds the lock exactly once and no state that a
     * concurrent request may change under it: on return the lock is held again, and the table is
     * cached, or was changed meanwhile and the caller should look it up again (which may call
     * this again). Without a lock, or when too many loads run at once, the table is read under
     * the lock as {@link #get} does.
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @param scratch at least {@link #entrySize()} bytes of memory of the caller's alone (a
     *                pooled buffer), where the table is read before it is copied in
     * @throws IOException when the file cannot be read or written
     */
    public void loadOutsideLock(long hostOffset, MemorySegment scratch) throws IOException {
        if (index.get(hostOffset) >= 0) {
            return;
        }
        if (lock == null || lock.getHoldCount() != 1) {
            get(hostOffset);
            return;
        }
        for (int i = 0; i < loadingCount; i++) {
            if (loadingKeys[i] == hostOffset) {
                loaded.awaitUninterruptibly(); // another request reads it: look again when one finished
                return;
            }
        }
        if (loadingCount == MAX_LOADING) {
            get(hostOffset);
            return;
        }
        int me = loadingCount++;
        loadingKeys[me] = hostOffset;
        loadingStale[me] = false;
        MemorySegment dst = scratch.asSlice(0, entrySize);
        boolean read = false;
        try {
            lock.unlock();
            try {
                io.load(hostOffset, dst);
                read = true;
            } finally {
                lock.lock();
            }
        } finally {
            me = finishLoading(hostOffset);
            boolean stale = loadingStale[me];
            removeLoading(me);
            loaded.signalAll();
            if (read && !stale && index.get(hostOffset) < 0) {
                misses++;
                int idx = takeSlot();
                slices[idx].copyFrom(dst);
                install(idx, hostOffset, false);
            }
        }
    }

    private int finishLoading(long hostOffset) {
        for (int i = 0; i < loadingCount; i++) {
            if (loadingKeys[i] == hostOffset) {
                return i;
            }
        }
        throw new IllegalStateException(name + " cache: load of " + hostOffset + " not registered");
    }

    private void removeLoading(int i) {
        loadingCount--;
        loadingKeys[i] = loadingKeys[loadingCount];
        loadingStale[i] = loadingStale[loadingCount];
    }

    /** The table at {@code hostOffset} was written, created or forgotten: a load in flight is stale. */
    private void invalidateLoad(long hostOffset) {
        for (int i = 0; i < loadingCount; i++) {
            if (loadingKeys[i] == hostOffset) {
                loadingStale[i] = true;
            }
        }
    }

    /**
     * {@return a zero-filled entry for a new table at {@code hostOffset}, marked dirty}
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @throws IOException when the file cannot be read or written
     */
    public MemorySegment create(long hostOffset) throws IOException {
        invalidateLoad(hostOffset);
        int old = index.remove(hostOffset);
        if (old >= 0) {
            release(old);
        }
        int idx = takeSlot();
        MemorySegment seg = slices[idx].fill((byte) 0);
        install(idx, hostOffset, true);
        return seg;
    }

    private void install(int idx, long hostOffset, boolean isDirty) {
        keys[idx] = hostOffset;
        dirty[idx] = isDirty;
        lastUsed[idx] = ++tick;
        index.put(hostOffset, idx);
    }

    private void release(int idx) {
        keys[idx] = FREE;
        dirty[idx] = false;
        freeSlots[freeCount++] = idx;
    }

    /**
     * Marks the cached table at {@code hostOffset} as changed.
     *
     * @param hostOffset file offset of the table (entry-aligned)
     */
    public void markDirty(long hostOffset) {
        int s = index.get(hostOffset);
        if (s < 0) {
            throw new IllegalStateException(name + " cache: table at " + hostOffset + " is not cached");
        }
        dirty[s] = true;
    }

    /** {@return whether an entry waits to be written back} */
    public boolean hasDirty() {
        for (int i = 0; i < capacity; i++) {
            if (dirty[i]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes every dirty entry (once the dependencies are met), in offset order.
     *
     * @throws IOException when the file cannot be read or written
     */
    public void writeBack() throws IOException {
        int n = 0;
        for (int i = 0; i < capacity; i++) {
            if (dirty[i]) {
                sortScratch[n++] = keys[i];
            }
        }
        if (n == 0) {
            return;
        }
        Arrays.sort(sortScratch, 0, n);
        for (int i = 0; i < n; i++) {
            writeBack(sortScratch[i]);
        }
    }

    /**
     * Writes one entry if cached and dirty (once the dependencies are met).
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @throws IOException when the file cannot be read or written
     */
    public void writeBack(long hostOffset) throws IOException {
        int s = index.get(hostOffset);
        if (s >= 0 && dirty[s]) {
            store(s);
        }
    }

    /**
     * Writes every dirty entry and flushes the file, also when nothing was dirty (entries
     * written earlier, on eviction, may not be stable yet). QEMU's qcow2_cache_flush.
     *
     * @throws IOException when an entry cannot be written or the file cannot be flushed
     */
    public void flush() throws IOException {
        writeBack();
        io.flush();
    }

    /**
     * From now on, none of this cache's entries is written before every entry of
     * {@code other} is written and the file flushed (QEMU's qcow2_cache_set_dependency). When
     * {@code other} depends on a cache itself (this one, say: the other direction), that older
     * dependency is settled first; when this cache already depends on a third one, so is ours.
     *
     * @param other the cache whose entries must reach the disk first
     * @throws IOException when the file cannot be read or written
     */
    public void dependOn(MetadataCache other) throws IOException {
        if (other == this) {
            throw new IllegalArgumentException(name + " cache cannot depend on itself");
        }
        if (other.dependency != null) {
            other.settleDependency();
        }
        if (dependency != null && dependency != other) {
            settleDependency();
        }
        dependency = other;
    }

    /**
     * From now on, none of this cache's entries is written before the file is flushed: data
     * written before this call (guest data, copied clusters) must be stable before an entry
     * points at it (QEMU's qcow2_cache_depends_on_flush). Call it after the data write completed.
     */
    public void dependOnFlush() {
        flushNeeded = true;
    }

    /**
     * When this cache waits for {@code other} ({@link #dependOn}), writes {@code other} back and
     * flushes now, so that the wait is over; otherwise does nothing.
     *
     * @param other the cache this one may wait for
     * @throws IOException when the file cannot be written or flushed
     */
    public void settleDependencyOn(MetadataCache other) throws IOException {
        if (dependency == other && other != null) {
            settleDependency();
        }
    }

    /** {@return whether this cache has to wait for another cache or for a flush before it writes} */
    public boolean hasDependency() {
        return dependency != null || flushNeeded;
    }

    /**
     * Meets this cache's dependency on another cache now, when it has one: that cache is written
     * and the file flushed.
     *
     * @throws IOException when the other cache cannot be written or the file cannot be flushed
     */
    public void settleCacheDependency() throws IOException {
        if (dependency != null) {
            settleDependency();
        }
    }

    /** Writes the cache we depend on and flushes; both dependencies are met then. */
    private void settleDependency() throws IOException {
        dependency.flush();
        dependency = null;
        flushNeeded = false;
    }

    /** Makes what our entries depend on stable; runs before each entry is written. */
    private void meetDependencies() throws IOException {
        if (dependency != null) {
            settleDependency();
        } else if (flushNeeded) {
            io.flush();
            flushNeeded = false;
        }
    }

    private void store(int s) throws IOException {
        meetDependencies();
        long key = keys[s];
        invalidateLoad(key);
        io.store(key, slices[s]);
        dirty[s] = false;
    }

    /**
     * Forgets the table at {@code hostOffset} without writing it (the table was freed).
     *
     * @param hostOffset file offset of the table (entry-aligned)
     */
    public void forget(long hostOffset) {
        invalidateLoad(hostOffset);
        int s = index.remove(hostOffset);
        if (s >= 0) {
            release(s);
        }
    }

    /** Forgets every entry, dirty or not, and what they depended on (invalidate_cache: the file is the truth). */
    public void drop() {
        for (int i = 0; i < loadingCount; i++) {
            loadingStale[i] = true;
        }
        index.clear();
        freeCount = 0;
        for (int i = 0; i < capacity; i++) {
            keys[i] = FREE;
            dirty[i] = false;
            freeSlots[freeCount++] = capacity - 1 - i;
        }
        dependency = null;
        flushNeeded = false;
    }

    /**
     * Writes back and forgets entries not used for {@code idleNanos} (cache-clean-interval). As
     * QEMU's qcow2_cache_clean_unused, use is not timed: each call marks the moment, and an
     * entry is idle when it was not used since the latest earlier call at least
     * {@code idleNanos} ago (or since now, for 0).
     *
     * @param idleNanos how long an entry may stay unused
     * @return entries dropped
     * @throws IOException when the file cannot be read or written
     */
    public int cleanIdle(long idleNanos) throws IOException {
        long now = System.nanoTime();
        long since = -1;
        if (idleNanos <= 0) {
            since = tick;
        } else {
            for (int i = 0; i < markCount; i++) {
                if (now - markNanos[i] >= idleNanos) {
                    since = Math.max(since, markTicks[i]);
                }
            }
        }
        int dropped = 0;
        if (since >= 0) {
            for (int s = 0; s < capacity; s++) {
                if (keys[s] != FREE && lastUsed[s] <= since) {
                    long key = keys[s];
                    if (dirty[s]) {
                        store(s);
                    }
                    forget(key);
                    dropped++;
                }
            }
        }
        int m = markCount < MARKS ? markCount++ : oldestMark();
        markNanos[m] = now;
        markTicks[m] = tick;
        return dropped;
    }

    private int oldestMark() {
        int oldest = 0;
        for (int i = 1; i < MARKS; i++) {
            if (markNanos[i] - markNanos[oldest] < 0) {
                oldest = i;
            }
        }
        return oldest;
    }

    /** {@return entries cached now} */
    public int size() {
        return capacity - freeCount;
    }

    private int takeSlot() throws IOException {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        // Evict the least recently used entry, writing it back first if dirty.
        int lru = 0;
        for (int i = 1; i < capacity; i++) {
            if (lastUsed[i] < lastUsed[lru]) {
                lru = i;
            }
        }
        if (dirty[lru]) {
            store(lru);
        }
        index.remove(keys[lru]);
        keys[lru] = FREE;
        return lru;
    }
}
