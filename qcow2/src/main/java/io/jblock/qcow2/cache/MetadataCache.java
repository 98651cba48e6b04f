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
     * Writes every dirty entry (after the dependency hook), in offset order.
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
        io.beforeWriteBack();
        dirty.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Long, Slot> e : dirty) {
            io.store(e.getKey(), slice(e.getValue().index));
            e.getValue().dirty[0] = false;
        }
    }

    /**
     * Writes one entry if cached and dirty.
     *
     * @param hostOffset file offset of the table (entry-aligned)
     * @throws IOException when the file cannot be read or written
     */
    public void writeBack(long hostOffset) throws IOException {
        Slot s = entries.get(hostOffset);
        if (s != null && s.dirty[0]) {
            io.beforeWriteBack();
            io.store(hostOffset, slice(s.index));
            s.dirty[0] = false;
        }
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

    /** Forgets every entry, dirty or not (invalidate_cache: the file is the truth). */
    public void drop() {
        for (Slot s : entries.values()) {
            freeSlots.add(s.index);
        }
        entries.clear();
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
            io.beforeWriteBack();
            io.store(lru.getKey(), slice(s.index));
        }
        entries.remove(lru.getKey());
        return s.index;
    }
}
