package io.jblock.qcow2.crash;

import io.jblock.storage.crash.GuestModel;
import java.util.Random;

/**
 * The requests of the SIGKILL writer, a function of (seed, sequence number) so that the killed
 * child and the checking parent agree on every request without talking about it.
 */
final class SigkillPlan {
    /** What request number {@code seq} does. */
    enum Kind { WRITE, ZERO, ZERO_UNMAP, DISCARD }

    record Request(int seq, Kind kind, long offset, int length) {
        GuestModel.Type modelType() {
            return switch (kind) {
                case WRITE -> GuestModel.Type.WRITE;
                case ZERO, ZERO_UNMAP -> GuestModel.Type.ZERO;
                case DISCARD -> GuestModel.Type.DISCARD;
            };
        }
    }

    private SigkillPlan() {
    }

    static Request request(long seed, int seq, long size, int clusterSize) {
        Random r = new Random(seed * 0x9E3779B97F4A7C15L + seq);
        int p = r.nextInt(100);
        Kind kind = p < 80 ? Kind.WRITE : p < 87 ? Kind.ZERO : p < 92 ? Kind.ZERO_UNMAP : Kind.DISCARD;
        // most requests in the first quarter (overwrites, partial clusters), the rest anywhere (allocation)
        long area = r.nextInt(4) == 0 ? size : size / 4;
        long offset = r.nextInt(6) == 0 ? r.nextLong(area / clusterSize) * clusterSize : r.nextLong(area / 512) * 512;
        int maxUnits = Math.max(1, Math.min(256, 2 * clusterSize / 512));
        int length = (int) Math.min(size - offset, 512L * (1 + r.nextInt(maxUnits)));
        return new Request(seq, kind, offset, length);
    }
}
