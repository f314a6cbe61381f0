package dev.domstore.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Latencies of one run (milliseconds) and its wall time: percentiles and throughput. */
final class Stats {
    private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    private volatile double wallSeconds;
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();

    void add(double ms) {
        millis.add(ms);
    }

    void fail() {
        failures.incrementAndGet();
    }

    void wall(double seconds) {
        this.wallSeconds = seconds;
    }

    int count() {
        return millis.size();
    }

    double percentile(double p) {
        List<Double> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    double throughput() {
        return wallSeconds <= 0 ? Double.NaN : millis.size() / wallSeconds;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("operations", count());
        m.put("failures", failures.get());
        m.put("wallSeconds", round(wallSeconds));
        m.put("throughputPerSecond", round(throughput()));
        m.put("p50Ms", round(percentile(50)));
        m.put("p95Ms", round(percentile(95)));
        m.put("p99Ms", round(percentile(99)));
        m.put("maxMs", round(percentile(100)));
        return m;
    }

    static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 100.0) / 100.0;
    }
}
