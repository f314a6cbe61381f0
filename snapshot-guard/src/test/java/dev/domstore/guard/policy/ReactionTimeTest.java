package dev.domstore.guard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.domstore.guard.domain.ReactionTimes;

class ReactionTimeTest {

    @Test
    void aSlowerReactionIsBelievedFast() {
        assertEquals(6.0, ReactionTime.next(3.0, 9.0, 0.5, 0.1, 120), 1e-9);
    }

    @Test
    void aFasterReactionIsBelievedSlowly() {
        assertEquals(2.8, ReactionTime.next(3.0, 1.0, 0.5, 0.1, 120), 1e-9);
    }

    @Test
    void anOutageIsNotAReactionTime() {
        // An hour of inventory downtime counts as the 120 s cap.
        assertEquals(61.5, ReactionTime.next(3.0, 3600, 0.5, 0.1, 120), 1e-9);
    }

    @Test
    void convergesToASteadyReactionTime() {
        double seconds = 3.0;
        for (int i = 0; i < 60; i++) {
            seconds = ReactionTime.next(seconds, 1.8, 0.5, 0.1, 120); // lvextend under emulation: ~1.8 s
        }
        assertEquals(1.8, seconds, 0.01);
    }

    @Test
    void keptPerHostStartingFromTheDefault() {
        ReactionTimes times = new ReactionTimes(3.0, 0.5, 0.1, 120);
        assertEquals(3.0, times.seconds("a"));
        times.observe("a", 7.0);
        assertEquals(5.0, times.seconds("a"), 1e-9);
        assertEquals(3.0, times.seconds("b"), 1e-9);
    }
}
