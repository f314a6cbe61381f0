package dev.domstore.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VolumeLanesTest {
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final VolumeLanes lanes = new VolumeLanes(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aVolumesCommandsRunOneAfterAnotherInTheOrderTheyCame() throws Exception {
        String volume = "volume " + UUID.randomUUID();
        List<Integer> ran = new CopyOnWriteArrayList<>();
        CountDownLatch slowFirst = new CountDownLatch(1);
        lanes.submit(volume, () -> {
            await(slowFirst);
            ran.add(1);
        });
        CompletableFuture<Void> second = lanes.submit(volume, () -> ran.add(2));
        CompletableFuture<Void> third = lanes.submit(volume, () -> ran.add(3));
        Thread.sleep(200);
        assertTrue(ran.isEmpty(), "nothing after the first command may start before it is done: " + ran);
        slowFirst.countDown();
        CompletableFuture.allOf(second, third).get(5, TimeUnit.SECONDS);
        assertEquals(List.of(1, 2, 3), ran);
    }

    @Test
    void aSlowVolumeHoldsUpNoOtherVolume() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        CompletableFuture<Void> populate = lanes.submit("volume " + UUID.randomUUID(), () -> await(slow));
        CompletableFuture<Void> other = lanes.submit("volume " + UUID.randomUUID(), () -> {
        });
        other.get(5, TimeUnit.SECONDS);
        assertFalse(populate.isDone());
        assertEquals(1, lanes.busyLanes(), "only the slow volume's lane is left");
        slow.countDown();
        populate.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aFailedCommandDoesNotStopTheNextOfItsVolume() throws Exception {
        String volume = "volume " + UUID.randomUUID();
        CompletableFuture<Void> failed = lanes.submit(volume, () -> {
            throw new IllegalStateException("the host refused");
        });
        CompletableFuture<Void> next = lanes.submit(volume, () -> {
        });
        next.get(5, TimeUnit.SECONDS);
        assertTrue(failed.isCompletedExceptionally());
        Thread.sleep(50);
        assertEquals(0, lanes.busyLanes(), "a lane is dropped once its last command is done");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
