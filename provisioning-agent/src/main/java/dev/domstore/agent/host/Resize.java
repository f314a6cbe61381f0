package dev.domstore.agent.host;

/**
 * A volume after an extend: its size read back from the host, and whether anything was done
 * (false when it already had that size).
 */
public record Resize(long sizeBytes, boolean changed) {
}
