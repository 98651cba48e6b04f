package io.jblock.qcow2.cache;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A write-back LRU cache of metadata tables (L2 tables or refcount blocks), as QEMU's
 * Qcow2Cache: a fixed number of entries of one size, each keyed by its host offset. Table memory
 * is one native segment allocated at construction from the driver's arena; no native memory is
 * allocated per lookup (the index is a {@link LinkedHashMap}, so a lookup boxes its key).
 *
 * <p>Write ordering (QEMU's qcow2_cache_set_dependency and qcow2_cache_depends_on_flush): a
 * cache may {@linkplain #dependOn depend on another cache}, and it may
 * {@linkplain #dependOnFlush depend on a flush}. Before the first of its dirty entries is
 * written (by {@link #writeBack()}, {@link #writeBack(long)}, eviction or the idle cleaner), the
 * other cache is written back and the file flushed, or the file is flushed; then the dependency
 * is gone. Dependencies never form a cycle: making a cache depend on one that itself depends on
 * something first settles that older dependency (written and flushed), as QEMU does.
 *
 * <p>Not thread-safe: the driver calls it under its metadata lock. Dirty entries are written
 * back on eviction, {@link #writeBack()} and never on {@link #drop()}.
 */
public final class MetadataCache {
    /** Table entries: big-endian 64-bit values at any 8-byte offset. */
    public static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final String name;
    private final int entrySize;
    private final int capacity;
    private final MemorySegment memory;
    private final TableIO io;
    private final LinkedHashMap<Long, Slot> entries;
    private final ArrayDeque<Integer> freeSlots = new ArrayDeque<>();
    private final long[] lastUsed;
    private long hits;
    private long misses;
    /** The cache whose entries must be stable before any of ours is written (QEMU's c->depends). */
    private MetadataCache dependency;
    /** Whether the file must be flushed before any of our entries is written (depends_on_flush). */
    private boolean flushNeeded;

    private record Slot(int index, boolean[] dirty) {
    }

    /**
     * An empty cache.
     *
     * @param name names the cache in messages
     * @param arena owns the cache's memory
     * @param entrySize bytes of one entry (a table or a slice of one)
     * @param capacity entries held at most, at least 1
     * @param io reads and writes the tables
     */
    public MetadataCache(String name, Arena arena, int entrySize, int capacity, TableIO io) {
        if (capacity < 1) {
            throw new IllegalArgumentException(name + " cache needs at least one entry");
        }
        this.name = name;
        this.entrySize = entrySize;
        this.capacity = capacity;
        this.io = io;
        this.memory = arena.allocate((long) entrySize * capacity, 4096);
        this.entries = new LinkedHashMap<>(capacity * 2, 0.75f, true);
        this.lastUsed = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            freeSlots.add(i);
        }
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
     * {@return the table at {@code hostOffset} (entry-aligned), read from the file on a miss}
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @throws IOException when the file cannot be read or written
     */
    public MemorySegment get(long hostOffset) throws IOException {
        Slot s = entries.get(hostOffset);
        if (s != null) {
            hits++;
            lastUsed[s.index] = System.nanoTime();
            return slice(s.index);
        }
        misses++;
        int idx = takeSlot();
        MemorySegment seg = slice(idx);
        boolean ok = false;
        try {
            io.load(hostOffset, seg);
            ok = true;
        } finally {
            if (!ok) {
                freeSlots.add(idx);
            }
        }
        entries.put(hostOffset, new Slot(idx, new boolean[1]));
        lastUsed[idx] = System.nanoTime();
        return seg;
    }

    /**
     * {@return a zero-filled entry for a new table at {@code hostOffset}, marked dirty}
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @throws IOException when the file cannot be read or written
     */
    public MemorySegment create(long hostOffset) throws IOException {
        Slot old = entries.remove(hostOffset);
        if (old != null) {
            freeSlots.add(old.index);
        }
        int idx = takeSlot();
        MemorySegment seg = slice(idx).fill((byte) 0);
        entries.put(hostOffset, new Slot(idx, new boolean[] {true}));
        lastUsed[idx] = System.nanoTime();
        return seg;
    }

    /**
     * Marks the cached table at {@code hostOffset} as changed.
     *
     * @param hostOffset file offset of the table (entry-aligned)
     */
    public void markDirty(long hostOffset) {
        Slot s = entries.get(hostOffset);
        if (s == null) {
            throw new IllegalStateException(name + " cache: table at " + hostOffset + " is not cached");
        }
        s.dirty[0] = true;
    }

    /** {@return whether an entry waits to be written back} */
    public boolean hasDirty() {
        for (Slot s : entries.values()) {
            if (s.dirty[0]) {
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
        List<Map.Entry<Long, Slot>> dirty = new ArrayList<>();
        for (Map.Entry<Long, Slot> e : entries.entrySet()) {
            if (e.getValue().dirty[0]) {
                dirty.add(e);
            }
        }
        if (dirty.isEmpty()) {
            return;
        }
        dirty.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Long, Slot> e : dirty) {
            store(e.getKey(), e.getValue());
        }
    }

    /**
     * Writes one entry if cached and dirty (once the dependencies are met).
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @throws IOException when the file cannot be read or written
     */
    public void writeBack(long hostOffset) throws IOException {
        Slot s = entries.get(hostOffset);
        if (s != null && s.dirty[0]) {
            store(hostOffset, s);
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

    private void store(long hostOffset, Slot s) throws IOException {
        meetDependencies();
        io.store(hostOffset, slice(s.index));
        s.dirty[0] = false;
    }

    /**
     * Forgets the table at {@code hostOffset} without writing it (the table was freed).
     *
     * @param hostOffset file offset of the table (entry-aligned)
     */
    public void forget(long hostOffset) {
        Slot s = entries.remove(hostOffset);
        if (s != null) {
            freeSlots.add(s.index);
        }
    }

    /** Forgets every entry, dirty or not, and what they depended on (invalidate_cache: the file is the truth). */
    public void drop() {
        for (Slot s : entries.values()) {
            freeSlots.add(s.index);
        }
        entries.clear();
        dependency = null;
        flushNeeded = false;
    }

    /**
     * Writes back and forgets entries not used for {@code idleNanos} (cache-clean-interval).
     *
     * @param idleNanos how long an entry may stay unused
     * @return entries dropped
     * @throws IOException when the file cannot be read or written
     */
    public int cleanIdle(long idleNanos) throws IOException {
        long now = System.nanoTime();
        int dropped = 0;
        Iterator<Map.Entry<Long, Slot>> it = entries.entrySet().iterator();
        List<Long> idle = new ArrayList<>();
        while (it.hasNext()) {
            Map.Entry<Long, Slot> e = it.next();
            if (now - lastUsed[e.getValue().index] >= idleNanos) {
                idle.add(e.getKey());
            }
        }
        for (long off : idle) {
            writeBack(off);
            forget(off);
            dropped++;
        }
        return dropped;
    }

    /** {@return entries cached now} */
    public int size() {
        return entries.size();
    }

    private MemorySegment slice(int idx) {
        return memory.asSlice((long) idx * entrySize, entrySize);
    }

    private int takeSlot() throws IOException {
        Integer free = freeSlots.poll();
        if (free != null) {
            return free;
        }
        // Evict the least recently used entry, writing it back first if dirty.
        Map.Entry<Long, Slot> lru = entries.entrySet().iterator().next();
        Slot s = lru.getValue();
        if (s.dirty[0]) {
            store(lru.getKey(), s);
        }
        entries.remove(lru.getKey());
        return s.index;
    }
}
