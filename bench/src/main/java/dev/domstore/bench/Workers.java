package dev.domstore.bench;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Closed-loop load: {@code concurrency} threads, each issuing its next operation when the last is done. */
final class Workers {
    private Workers() {
    }

    /** Runs {@code worker} on {@code concurrency} threads until each returns, and records their wall time in {@code stats}. */
    static Stats run(Stats stats, int concurrency, Callable<Void> worker) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            pool.submit(worker);
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        stats.wall((System.nanoTime() - start) / 1e9);
        return stats;
    }
}
