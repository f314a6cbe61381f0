package dev.domstore.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"500ms, 500", "30s, 30000", "' 30s ', 30000", "2m, 120000", "1h, 3600000", "0s, 0", "30S, 30000", "PT30S, 30000",
            "pt1m30s, 90000", "10 s, 10000"})
    void parsesUnitsAndIso(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Durations.parse("retryTimeout", text));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "30", "1.5s", "-5s", "PT-5S", "5 sec", "s", "1d", "P", "soon"})
    void refusesWhatIsNotADuration(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Durations.parse("retryTimeout", text));
        assertEquals(InvalidInputException.Kind.FIELD, e.kind());
        assertEquals("retryTimeout", e.field());
        assertTrue(e.getMessage().contains("30s"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"0, 0s", "500, 500ms", "1500, 1500ms", "30000, 30s", "120000, 2m", "90000, 90s", "3600000, 1h"})
    void formatsTheShortestExactForm(long millis, String text) {
        assertEquals(text, Durations.format(Duration.ofMillis(millis)));
        assertEquals(Duration.ofMillis(millis), Durations.parse("d", text));
    }

    @org.junit.jupiter.api.Test
    void aBareNumberIsToldToTakeAUnit() {
        assertTrue(Durations.parse("x", "30s").equals(Duration.ofSeconds(30)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Durations.parse("minimumInterval", "30"));
        assertTrue(e.getMessage().contains("write 30s"), e.getMessage());
    }
}
