package dev.domstore.guard.policy;

import java.time.Instant;

/** One usage report reduced to what the rate needs: when (the host's clock) and how many bytes were used. */
public record FillSample(Instant at, long usedBytes) {
}
