package dev.domstore.common.validation;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them, the way Quarkus configuration does: a whole number with a
 * unit ({@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}) or ISO-8601 ({@code PT30S}).
 */
public final class Durations {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");
    private static final String FORMS = "Write a whole number with ms, s, m or h, for example 30s or 2m (or ISO-8601 such as PT30S).";

    private Durations() {
    }

    /** Parses a duration for the request field {@code field}; throws {@link InvalidInputException} with a usable message. */
    public static Duration parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw invalid(field, "'" + field + "' is empty. " + FORMS);
        }
        String value = text.trim();
        if (value.toUpperCase(Locale.ROOT).startsWith("PT") || value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                Duration parsed = Duration.parse(value.toUpperCase(Locale.ROOT));
                if (parsed.isNegative()) {
                    throw invalid(field, "'" + value + "' is negative. " + FORMS);
                }
                return parsed;
            } catch (DateTimeParseException | ArithmeticException e) {
                throw invalid(field, "'" + value + "' is not a duration. " + FORMS);
            }
        }
        Matcher m = FORM.matcher(value.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            String hint = value.matches("\\d+(\\.\\d+)?") ? " A bare number has no unit: write " + value + "s for seconds." : "";
            throw invalid(field, "'" + value + "' is not a duration." + hint + " " + FORMS);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> throw new IllegalStateException(m.group(2));
        };
    }

    /** The shortest exact form of {@link #parse}: {@code 2m} for 120 s, {@code 1500ms} for 1.5 s. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.FIELD, field, message);
    }
}
