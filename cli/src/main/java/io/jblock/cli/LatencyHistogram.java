package io.jblock.cli;

/**
 * Request latencies in a fixed-size log-linear histogram (16 linear steps per power of two, so a
 * percentile is off by at most 1/16 of its value) with an exact count, mean and maximum. Memory
 * stays constant however many requests are recorded. Not thread-safe: one recorder thread.
 */
public final class LatencyHistogram {
    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private final long[] buckets = new long[64 * SUB];
    private long count;
    private long sum;
    private long max;
    private long min = Long.MAX_VALUE;

    /**
     * Records one latency in nanoseconds (negative values count as 0).
     *
     * @param nanos one request's latency
     */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        buckets[index(v)]++;
        count++;
        sum += v;
        max = Math.max(max, v);
        min = Math.min(min, v);
    }

    /** {@return latencies recorded} */
    public long count() {
        return count;
    }

    /** {@return the largest latency, in nanoseconds} */
    public long max() {
        return max;
    }

    /** {@return the smallest latency, in nanoseconds; 0 when empty} */
    public long min() {
        return count == 0 ? 0 : min;
    }

    /** {@return the mean latency, in nanoseconds; 0 when empty} */
    public double mean() {
        return count == 0 ? 0 : (double) sum / count;
    }

    /**
     * {@return the latency below which {@code percent} of the recorded values lie (the upper edge
     * of the bucket holding that rank, never above the maximum); 0 when empty}
     *
     * @param percent from 0 to 100
     */
    public long percentile(double percent) {
        if (count == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percent / 100.0 * count));
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= rank) {
                return Math.min(max, upperEdge(i));
            }
        }
        return max;
    }

    static int index(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int msb = 63 - Long.numberOfLeadingZeros(v);
        int shift = msb - SUB_BITS;
        int sub = (int) ((v >>> shift) & (SUB - 1));
        return (shift + 1) * SUB + sub;
    }

    static long upperEdge(int index) {
        if (index < SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long sub = index % SUB;
        return ((SUB + sub + 1) << shift) - 1;
    }
}
