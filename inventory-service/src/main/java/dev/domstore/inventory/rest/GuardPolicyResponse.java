package dev.domstore.inventory.rest;

import java.time.Instant;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.domstore.common.VolumeKind;
import dev.domstore.common.validation.Durations;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.GuardPolicyOverride;
import dev.domstore.inventory.domain.Volume;

/**
 * A snapshot's snapshot-guard policy: {@code source} is {@code override} (the snapshot has its own,
 * and {@code override} holds what it sets; everything else is as the guard's global policy) or
 * {@code global} (the guard's configured policy, unchanged).
 */
@Schema(name = "GuardPolicy", example = """
        {"volumeId": "0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02", "source": "override",
         "override": {"thresholdPercent": 60, "stepPercent": 30, "minimumStep": "128M", "minimumStepBytes": 134217728},
         "updatedAt": "2026-11-26T09:15:30.123Z"}""")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GuardPolicyResponse(
        UUID volumeId,
        @Schema(description = "override or global", enumeration = {"override", "global"}) String source,
        Override override,
        Instant updatedAt) {

    public static final String OVERRIDE = "override";
    public static final String GLOBAL = "global";

    /** What the snapshot sets, as it was PUT, with sizes also in bytes. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Override(Boolean enabled, Integer thresholdPercent, Integer stepPercent, String minimumStep, Long minimumStepBytes,
            Boolean predictionEnabled, Double safetyFactor, String minimumInterval, String retryTimeout, String chunkSize,
            Long chunkSizeBytes) {

        static Override of(GuardPolicyOverride policy) {
            return new Override(policy.enabled, policy.thresholdPercent, policy.stepPercent,
                    policy.minimumStepBytes == null ? null : Sizes.format(policy.minimumStepBytes), policy.minimumStepBytes,
                    policy.predictionEnabled, policy.safetyFactor,
                    policy.minimumInterval() == null ? null : Durations.format(policy.minimumInterval()),
                    policy.retryTimeout() == null ? null : Durations.format(policy.retryTimeout()),
                    policy.chunkSizeBytes == null ? null : Sizes.format(policy.chunkSizeBytes), policy.chunkSizeBytes);
        }
    }

    /** The snapshot's policy; null for a volume of another kind (it has no guard). */
    public static GuardPolicyResponse of(Volume volume) {
        if (volume.kind != VolumeKind.SNAPSHOT) {
            return null;
        }
        GuardPolicyOverride policy = volume.guardPolicy;
        return policy == null
                ? new GuardPolicyResponse(volume.id, GLOBAL, null, null)
                : new GuardPolicyResponse(volume.id, OVERRIDE, Override.of(policy), policy.updatedAt);
    }
}
