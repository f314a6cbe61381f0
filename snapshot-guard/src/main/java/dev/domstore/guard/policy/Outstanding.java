package dev.domstore.guard.policy;

import java.time.Instant;

/** A growth step already asked for: (volume, {@code fromCowBytes}) → {@code toCowBytes}, at {@code requestedAt}. */
public record Outstanding(long fromCowBytes, long toCowBytes, Instant requestedAt) {
}
