package dev.domstore.nfs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.domstore.hostexec.HostUnreachableException;

/** Tries again, with a growing pause, for as long as the host does not answer; nothing else is tried again. */
class HostReachabilityTest {
    private static final Path SOCKET = Path.of("/run/test/qga.sock");

    @Test
    void triesAgainWithADoublingPauseUpToTheLongestUntilTheHostAnswers() {
        HostReachability reachability = new HostReachability(Duration.ofMillis(40), Duration.ofMillis(100));
        List<Long> tries = new ArrayList<>();

        String answer = reachability.retryUntilReachable("a test", () -> {
            tries.add(System.nanoTime());
            if (tries.size() < 5) {
                throw unreachable();
            }
            return "done";
        });

        assertEquals("done", answer);
        assertEquals(5, tries.size());
        List<Long> pauses = new ArrayList<>();
        for (int i = 1; i < tries.size(); i++) {
            pauses.add(TimeUnit.NANOSECONDS.toMillis(tries.get(i) - tries.get(i - 1)));
        }
        long[] least = {40, 80, 100, 100};
        for (int i = 0; i < least.length; i++) {
            assertTrue(pauses.get(i) >= least[i] && pauses.get(i) < least[i] + 1000, "pauses " + pauses);
        }
        assertTrue(reachability.unreachableFor().isEmpty(), "the outage ended when the host answered");
    }

    @Test
    void otherFailuresAreNotTriedAgain() {
        HostReachability reachability = new HostReachability(Duration.ofMillis(10), Duration.ofMillis(10));
        int[] tries = {0};

        assertThrows(IllegalStateException.class, () -> reachability.retryUntilReachable("a test", () -> {
            tries[0]++;
            throw new IllegalStateException("not about reaching the host");
        }));
        assertEquals(1, tries[0]);
    }

    @Test
    void anOutageLastsFromTheFirstUnansweredTryToTheFirstAnswer() {
        HostReachability reachability = new HostReachability(Duration.ofMillis(10), Duration.ofMillis(10));

        reachability.unreachable("a report", unreachable());
        reachability.unreachable("another report", unreachable());
        assertTrue(reachability.unreachableFor().isPresent());

        reachability.answered();
        assertTrue(reachability.unreachableFor().isEmpty());
    }

    @Test
    void stoppingTheServiceEndsTheWaitWithoutAnAnswer() throws Exception {
        HostReachability reachability = new HostReachability(Duration.ofSeconds(30), Duration.ofSeconds(30));
        CompletableFuture<Object> waiting = CompletableFuture.supplyAsync(() -> reachability.retryUntilReachable("a command", () -> {
            throw unreachable();
        }));
        while (reachability.unreachableFor().isEmpty()) {
            Thread.sleep(5);
        }

        long stopped = System.nanoTime();
        reachability.stop();

        Exception e = assertThrows(Exception.class, () -> waiting.get(10, TimeUnit.SECONDS));
        assertInstanceOf(HostReachability.StoppedWhileUnreachableException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("a command is given up for now"), e.getCause().getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped) < 5, "not after the 30 s pause");
    }

    private static HostUnreachableException unreachable() {
        return new HostUnreachableException(SOCKET, "The guest agent at " + SOCKET + " does not answer", null);
    }
}
