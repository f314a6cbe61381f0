package dev.domstore.inventory.domain;

import java.util.UUID;

/**
 * What a live volume takes from its host's storage, read as plain values rather than as a managed
 * {@link Volume}: capacity is checked on every create, and a host may have thousands of volumes.
 *
 * @param imagePath a FILE volume's image; null for the other kinds
 * @param sizeBytes the size asked for (a snapshot's differences area)
 */
public record Claim(UUID volumeId, String imagePath, long sizeBytes) {
}
