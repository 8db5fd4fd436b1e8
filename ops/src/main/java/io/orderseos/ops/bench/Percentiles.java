package io.orderseos.ops.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exact percentiles of a set of latencies in milliseconds: every value is kept (8 bytes each; a
 * latency run of a minute at 20,000 outputs a second is 10 MB) and sorted once at the end.
 */
final class Percentiles {
    private long[] values = new long[1024];
    private int count;

    void add(long value) {
        if (count == values.length) {
            values = Arrays.copyOf(values, count * 2);
        }
        values[count++] = value;
    }

    /** What was added so far, summarised. */
    Summary summary() {
        long[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return new Summary(count, at(sorted, 0.50), at(sorted, 0.99), count == 0 ? 0 : sorted[count - 1]);
    }

    /** The nearest-rank percentile: the smallest value with at least {@code fraction} of all at or below it. */
    private static long at(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Count, p50, p99 and max, in milliseconds. */
    record Summary(long count, long p50, long p99, long max) {
        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("count", count);
            json.put("p50Ms", p50);
            json.put("p99Ms", p99);
            json.put("maxMs", max);
            return json;
        }

        @Override
        public String toString() {
            return String.format("p50 %,d ms, p99 %,d ms, max %,d ms (%,d outputs)", p50, p99, max, count);
        }
    }
}
