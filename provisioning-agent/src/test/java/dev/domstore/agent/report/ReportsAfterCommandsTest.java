package dev.domstore.agent.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ReportsAfterCommandsTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private final ReportsAfterCommands reports = new ReportsAfterCommands(Duration.ofMillis(200), Duration.ofSeconds(2));

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void aHostIsReportedOnceNoCommandHasFinishedOnItForTheSettleTime() {
        assertEquals(at(200), reports.commandFinished("h1", at(0)));
        assertEquals(List.of(), reports.takeDue(at(199)));
        assertEquals(List.of("h1"), reports.takeDue(at(200)));
        assertEquals(List.of(), reports.takeDue(at(5000)), "taken once");
    }

    @Test
    void aBurstOfCommandsMakesOneReportAfterItsLastCommand() {
        reports.commandFinished("h1", at(0));
        reports.commandFinished("h1", at(100));
        assertEquals(at(450), reports.commandFinished("h1", at(250)));
        assertEquals(List.of(), reports.takeDue(at(200)), "a command finished since");
        assertEquals(List.of(), reports.takeDue(at(449)));
        assertEquals(List.of("h1"), reports.takeDue(at(450)));
    }

    @Test
    void aSteadyStreamOfCommandsStillGetsAReportWithinTheLongestWait() {
        for (long t = 0; t < 1900; t += 100) {
            reports.commandFinished("h1", at(t));
            assertTrue(reports.takeDue(at(t)).isEmpty(), "not due at " + t);
        }
        assertEquals(at(2000), reports.commandFinished("h1", at(1900)), "capped at the first command + 2 s");
        assertEquals(List.of("h1"), reports.takeDue(at(2000)));
        assertEquals(at(2300), reports.commandFinished("h1", at(2100)), "a new wait begins");
    }

    @Test
    void hostsAreReportedEachOnItsOwnTime() {
        reports.commandFinished("h1", at(0));
        reports.commandFinished("h2", at(150));
        assertEquals(List.of("h1"), reports.takeDue(at(200)));
        assertEquals(List.of("h2"), reports.takeDue(at(350)));
    }

    @Test
    void theLongestWaitCannotBeShorterThanTheSettleTime() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new ReportsAfterCommands(Duration.ofSeconds(1), Duration.ofMillis(500)));
        assertTrue(refused.getMessage().contains("report-after-commands"), refused.getMessage());
    }
}
