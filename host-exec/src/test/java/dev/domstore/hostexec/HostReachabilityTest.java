package dev.domstore.hostexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.domstore.common.FailureReason;

/**
 * The one retry loop of the services, with an action that finds the host away for its first tries:
 * the pauses are recorded rather than waited, except where waiting them out (and being woken from
 * them) is the point.
 */
class HostReachabilityTest {
    private final List<Duration> pauses = new ArrayList<>();
    private final HostReachability reachability = new HostReachability(Duration.ofSeconds(1), Duration.ofSeconds(10),
            (pause, what, cause) -> pauses.add(pause));

    @Test
    void actionIsTriedAgainWithDoublingPausesUpToTheLongestUntilTheHostAnswers() {
        AtomicInteger tries = new AtomicInteger();

        String answer = reachability.retryUntilReachable("h1", "CreateVolume c1", () -> {
            if (tries.incrementAndGet() <= 6) {
                throw unreachable();
            }
            assertTrue(reachability.unreachableFor("h1").isPresent(), "an outage is on while the host does not answer");
            return "done";
        });

        assertEquals("done", answer);
        assertEquals(7, tries.get());
        assertEquals(List.of(seconds(1), seconds(2), seconds(4), seconds(8), seconds(10), seconds(10)), pauses);
        assertEquals(Optional.empty(), reachability.unreachableFor("h1"), "answered: the outage is over");
    }

    @Test
    void withoutASleeperThePausesAreReallyWaitedOut() {
        HostReachability waiting = new HostReachability(Duration.ofMillis(40), Duration.ofMillis(60));
        List<Long> tries = new ArrayList<>();

        String answer = waiting.retryUntilReachable("h1", "a test", () -> {
            tries.add(System.nanoTime());
            if (tries.size() < 4) {
                throw unreachable();
            }
            return "done";
        });

        assertEquals("done", answer);
        long[] least = {40, 60, 60};
        for (int i = 0; i < least.length; i++) {
            long millis = TimeUnit.NANOSECONDS.toMillis(tries.get(i + 1) - tries.get(i));
            assertTrue(millis >= least[i] && millis < least[i] + 1000, "pause " + i + " took " + millis + " ms");
        }
    }

    @Test
    void hostThatAnswersAtOnceIsTriedOnce() {
        AtomicInteger tries = new AtomicInteger();

        assertEquals(1, (int) reachability.retryUntilReachable("h1", "x", tries::incrementAndGet));
        assertEquals(List.of(), pauses);
    }

    @Test
    void anyOtherFailureIsThrownAtOnce() {
        AtomicInteger tries = new AtomicInteger();
        HostOperationException busy = new HostOperationException(FailureReason.BUSY, "busy");

        assertSame(busy, assertThrows(HostOperationException.class, () -> reachability.retryUntilReachable("h1", "x", () -> {
            tries.incrementAndGet();
            throw busy;
        })));
        assertEquals(1, tries.get());
        assertEquals(List.of(), pauses);
    }

    @Test
    void anUnreachableHostWrappedInAnotherFailureIsStillRetried() {
        AtomicInteger tries = new AtomicInteger();

        String answer = reachability.retryUntilReachable("h1", "x", () -> {
            if (tries.incrementAndGet() == 1) {
                throw new UncheckedIOException(new IOException("cannot list /sys/block", unreachable()));
            }
            return "done";
        });

        assertEquals("done", answer);
        assertEquals(List.of(seconds(1)), pauses);
    }

    @Test
    void anOutageIsPerHostAndLastsFromTheFirstUnansweredTryToTheFirstAnswer() {
        reachability.unreachable("h1", "the host report", unreachable());
        Duration first = reachability.unreachableFor("h1").orElseThrow();
        reachability.unreachable("h1", "another report", unreachable());

        assertTrue(reachability.unreachableFor("h1").orElseThrow().compareTo(first) >= 0, "the same outage, still on");
        assertEquals(Optional.empty(), reachability.unreachableFor("h2"));
        reachability.answered("h1");
        assertEquals(Optional.empty(), reachability.unreachableFor("h1"));
    }

    @Test
    void stoppingEndsAWaitAtOnceWithoutAnAnswer() throws Exception {
        HostReachability waiting = new HostReachability(Duration.ofSeconds(30), Duration.ofSeconds(30));
        CompletableFuture<Object> command = CompletableFuture.supplyAsync(() -> waiting.retryUntilReachable("h1", "CreateVolume c1", () -> {
            throw unreachable();
        }));
        while (waiting.unreachableFor("h1").isEmpty()) {
            Thread.sleep(5);
        }

        long stopped = System.nanoTime();
        waiting.stop();

        Exception e = assertThrows(Exception.class, () -> command.get(10, TimeUnit.SECONDS));
        assertInstanceOf(HostReachability.StoppedWhileUnreachableException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("CreateVolume c1 is given up for now"), e.getCause().getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped) < 5, "not after the 30 s pause");
        assertThrows(HostReachability.StoppedWhileUnreachableException.class, () -> waiting.retryUntilReachable("h1", "another", () -> {
            throw unreachable();
        }), "once stopped, nothing waits");
    }

    @Test
    void pausesMustMakeSense() {
        assertThrows(IllegalStateException.class, () -> new HostReachability(Duration.ZERO, Duration.ofSeconds(10)));
        assertThrows(IllegalStateException.class, () -> new HostReachability(Duration.ofSeconds(10), Duration.ofSeconds(1)));
    }

    @Test
    void rethrowIfUnreachableFindsTheCause() {
        HostUnreachableException away = unreachable();

        assertSame(away, assertThrows(HostUnreachableException.class, () -> HostReachability.rethrowIfUnreachable(away)));
        assertSame(away, assertThrows(HostUnreachableException.class,
                () -> HostReachability.rethrowIfUnreachable(new HostOperationException(FailureReason.INTERNAL, "x", away))));
        HostReachability.rethrowIfUnreachable(new HostOperationException(FailureReason.INTERNAL, "not about reaching the host"));
    }

    private static HostUnreachableException unreachable() {
        return new HostUnreachableException(Path.of("/run/qga.sock"), "The guest agent at /run/qga.sock does not answer", null);
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }
}
