package io.jblock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinOneSixteenthOfTheExactValue() {
        SplittableRandom r = new SplittableRandom(3);
        long[] v = new long[20000];
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < v.length; i++) {
            v[i] = (long) Math.exp(r.nextDouble(4, 16)); // 50 ns .. 9 ms, log-uniform
            h.record(v[i]);
        }
        Arrays.sort(v);
        for (double p : new double[] {1, 50, 90, 99, 99.9, 100}) {
            long exact = v[(int) Math.ceil(p / 100 * v.length) - 1];
            long got = h.percentile(p);
            assertTrue(got >= exact && got <= exact + exact / 16 + 1, p + ": " + got + " vs " + exact);
        }
        assertEquals(v[v.length - 1], h.max());
        assertEquals(v[0], h.min());
        assertEquals(Arrays.stream(v).average().orElseThrow(), h.mean(), 1e-6);
        assertEquals(v.length, h.count());
    }

    @Test
    void emptyAndSmallValues() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentile(50));
        h.record(3);
        h.record(-5);
        assertEquals(3, h.percentile(100));
        assertEquals(0, h.percentile(50));
    }

    @Test
    void bucketEdgesCoverEveryValue() {
        for (long v : new long[] {0, 1, 15, 16, 17, 31, 32, 33, 1000, 123456789, Long.MAX_VALUE / 3}) {
            int i = LatencyHistogram.index(v);
            assertTrue(LatencyHistogram.upperEdge(i) >= v, "edge of " + v);
            assertTrue(i == 0 || LatencyHistogram.upperEdge(i - 1) < v, "previous edge of " + v);
        }
    }
}
