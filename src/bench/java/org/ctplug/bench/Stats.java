package org.ctplug.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of latency samples in nanoseconds, shown in milliseconds. */
record Stats(long[] sorted) {
    static Stats of(List<Long> nanos) {
        long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(a);
        return new Stats(a);
    }

    int count() {
        return sorted.length;
    }

    double percentileMs(double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    double maxMs() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }
}
