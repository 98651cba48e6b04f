package io.jblock.qcow2.cache;

import java.util.Arrays;

/**
 * Host offset to cache slot: an open-addressing hash table of primitive {@code long} keys with
 * linear probing and backward-shift deletion, sized once for the cache's capacity (at most half
 * full), so that a lookup neither boxes nor allocates.
 *
 * <p>Keys are table offsets in the image file: never negative. Not thread-safe.
 */
final class SlotIndex {
    private static final long EMPTY = -1;

    private final long[] keys;
    private final int[] slots;
    private final int mask;
    private final int shift;

    SlotIndex(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1; // power of two >= 2 * capacity
        keys = new long[size];
        slots = new int[size];
        mask = size - 1;
        shift = 64 - Integer.numberOfTrailingZeros(size);
        Arrays.fill(keys, EMPTY);
    }

    private int home(long key) {
        // Fibonacci hashing; table offsets are multiples of 512, so their low bits carry nothing
        return (int) (((key >>> 9) * 0x9E37_79B9_7F4A_7C15L) >>> shift);
    }

    /** The slot of {@code key}, or -1. */
    int get(long key) {
        for (int i = home(key); ; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return slots[i];
            }
            if (k == EMPTY) {
                return -1;
            }
        }
    }

    /** Maps {@code key} (not present) to {@code slot}. */
    void put(long key, int slot) {
        int i = home(key);
        while (keys[i] != EMPTY) {
            if (keys[i] == key) {
                slots[i] = slot;
                return;
            }
            i = (i + 1) & mask;
        }
        keys[i] = key;
        slots[i] = slot;
    }

    /** Removes {@code key}; returns its slot, or -1 when absent. */
    int remove(long key) {
        int i = home(key);
        while (keys[i] != key) {
            if (keys[i] == EMPTY) {
                return -1;
            }
            i = (i + 1) & mask;
        }
        int slot = slots[i];
        // backward-shift: move later entries of the probe run into the gap, so lookups never
        // stop early at a hole (no tombstones to clean up)
        int gap = i;
        for (int j = (gap + 1) & mask; keys[j] != EMPTY; j = (j + 1) & mask) {
            int h = home(keys[j]);
            boolean movable = gap <= j ? (h <= gap || h > j) : (h <= gap && h > j);
            if (movable) {
                keys[gap] = keys[j];
                slots[gap] = slots[j];
                gap = j;
            }
        }
        keys[gap] = EMPTY;
        return slot;
    }

    void clear() {
        Arrays.fill(keys, EMPTY);
    }
}
