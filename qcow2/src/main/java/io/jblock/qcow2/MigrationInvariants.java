package io.jblock.qcow2;

import io.jblock.qcow2.metadata.Qcow2Header;
import io.jblock.qcow2.types.Features;
import java.util.ArrayList;
import java.util.List;

/**
 * What may not change in an image between the time a node was inactivated (or opened inactive)
 * and its activation: cluster size, refcount width, incompatible features other than the dirty
 * bit, virtual size and compression type (QEMU refuses such images on invalidate_cache).
 */
final class MigrationInvariants {
    private MigrationInvariants() {
    }

    /** Throws a corruption error listing every change between {@code old} and {@code fresh}. */
    static void requireUnchanged(Qcow2Header old, Qcow2Header fresh, String nodeName, String filename)
            throws Qcow2CorruptImageException {
        List<String> changed = new ArrayList<>();
        if (fresh.clusterBits != old.clusterBits) {
            changed.add("cluster_bits " + old.clusterBits + " -> " + fresh.clusterBits);
        }
        if (fresh.refcountOrder != old.refcountOrder) {
            changed.add("refcount_order " + old.refcountOrder + " -> " + fresh.refcountOrder);
        }
        long mask = ~Features.INCOMPAT_DIRTY;
        if ((fresh.incompatibleFeatures & mask) != (old.incompatibleFeatures & mask)) {
            changed.add("incompatible features 0x" + Long.toHexString(old.incompatibleFeatures) + " -> 0x"
                    + Long.toHexString(fresh.incompatibleFeatures));
        }
        if (fresh.size != old.size) {
            changed.add("virtual size " + old.size + " -> " + fresh.size);
        }
        if (fresh.compressionType != old.compressionType) {
            changed.add("compression type " + old.compressionType + " -> " + fresh.compressionType);
        }
        if (!changed.isEmpty()) {
            throw new Qcow2CorruptImageException("image changed incompatibly while inactive: "
                    + String.join(", ", changed) + "; refusing to activate", nodeName, filename, 0);
        }
    }
}
