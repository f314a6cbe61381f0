package dev.domstore.inventory.rest;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;

import dev.domstore.common.validation.Durations;
import dev.domstore.common.validation.GuardPolicyRules;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.GuardPolicyOverride;

/**
 * What a snapshot changes of the snapshot-guard's global policy; every field is optional, and one
 * left out (or null) keeps the global value. A PUT replaces the whole override. The body is read
 * field by field ({@link #parse}) so that each bad value, and each unknown field, gets its own
 * problem instead of being ignored.
 */
@Schema(name = "GuardPolicyRequest", description = "A snapshot's own snapshot-guard policy; leave a field out to keep the global value",
        example = """
        {"thresholdPercent": 60, "stepPercent": 30, "minimumStep": "128M"}""")
public record GuardPolicyRequest(
        @Schema(description = "false: the guard never asks to extend this snapshot (leave it to LVM's dmeventd, or to nobody)", example = "true")
        Boolean enabled,
        @Schema(description = "Extend when the differences area is this full, as snapshot_autoextend_threshold in lvm.conf: 50 to 100, 100 turns the threshold off (the prediction still runs)", example = "60", minimum = "50", maximum = "100")
        Integer thresholdPercent,
        @Schema(description = "Grow by this percent of the current size, as snapshot_autoextend_percent in lvm.conf: 1 to 1000", example = "30", minimum = "1", maximum = "1000")
        Integer stepPercent,
        @Schema(description = "Grow by at least this much: bytes, or a number with K, M, G, T or P", example = "128M")
        String minimumStep,
        @Schema(description = "Extend early when the measured fill rate says the area would be full before an extension could land", example = "true")
        Boolean predictionEnabled,
        @Schema(description = "The prediction fires when the time to full is below this many expected reaction times: 1 to 100", example = "4")
        Double safetyFactor,
        @Schema(description = "Size each step so that, at the measured rate, the next one is not needed sooner than this: 0s to 24h", example = "60s")
        String minimumInterval,
        @Schema(description = "Ask again for a step not seen done after this: 1s to 1h", example = "45s")
        String retryTimeout,
        @Schema(description = "The snapshot's chunk size (lvcreate --chunksize), for the largest area it can ever use: a power of two from 4K to 512K", example = "64K")
        String chunkSize) {

    private static final List<String> KNOWN = List.of(GuardPolicyRules.FIELDS.split(", "));
    private static final Map<String, String> ALIASES = Map.of(
            "threshold", "thresholdPercent",
            "step", "stepPercent",
            "minstep", "minimumStep",
            "mininterval", "minimumInterval",
            "prediction", "predictionEnabled",
            "chunk", "chunkSize");

    /** Reads and checks a PUT body; throws {@link InvalidInputException} naming the first bad field. */
    public static GuardPolicyOverride parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw invalid("body", "The request body is missing: send the fields to override, such as {\"thresholdPercent\": 60} "
                    + "or {\"enabled\": false}.");
        }
        if (!body.isObject()) {
            throw invalid("body", "The body must be a JSON object of the fields to override (" + GuardPolicyRules.FIELDS
                    + "), such as {\"thresholdPercent\": 60}.");
        }
        GuardPolicyOverride policy = new GuardPolicyOverride();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value == null || value.isNull()) {
                requireKnown(name);
                continue;
            }
            switch (name) {
                case "enabled" -> policy.enabled = bool(name, value,
                        "false: the guard never extends this snapshot; true: it does, as the global policy says");
                case "thresholdPercent" -> policy.thresholdPercent = GuardPolicyRules.thresholdPercent(
                        integer(name, value, "a whole number from 50 to 100, such as 60"));
                case "stepPercent" -> policy.stepPercent = GuardPolicyRules.stepPercent(
                        integer(name, value, "a whole number from 1 to 1000, such as 20"));
                case "minimumStep" -> policy.minimumStepBytes = GuardPolicyRules.minimumStepBytes(size(name, value));
                case "predictionEnabled" -> policy.predictionEnabled = bool(name, value,
                        "false: extend at the threshold only; true: also before it, when the fill rate says so");
                case "safetyFactor" -> {
                    if (!value.isNumber()) {
                        throw wrongType(name, value, "a number from 1 to 100, such as 3");
                    }
                    policy.safetyFactor = GuardPolicyRules.safetyFactor(value.doubleValue());
                }
                case "minimumInterval" -> policy.minimumIntervalMillis = GuardPolicyRules.minimumInterval(duration(name, value)).toMillis();
                case "retryTimeout" -> policy.retryTimeoutMillis = GuardPolicyRules.retryTimeout(duration(name, value)).toMillis();
                case "chunkSize" -> policy.chunkSizeBytes = GuardPolicyRules.chunkSizeBytes(size(name, value));
                default -> requireKnown(name);
            }
        }
        if (policy.sameSettingsAs(new GuardPolicyOverride())) {
            throw invalid("body", "The body sets nothing, so it would be the global policy. Set at least one of " + GuardPolicyRules.FIELDS
                    + "; or, to go back to the global policy, DELETE the snapshot's guard policy.");
        }
        return policy;
    }

    private static void requireKnown(String name) {
        if (KNOWN.contains(name)) {
            return;
        }
        String normalised = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        String suggestion = ALIASES.get(normalised);
        if (suggestion == null) {
            for (String known : KNOWN) {
                if (known.toLowerCase(Locale.ROOT).equals(normalised)) {
                    suggestion = known;
                }
            }
        }
        throw invalid(name, "'" + name + "' is not a guard policy field" + (suggestion != null ? ": did you mean '" + suggestion + "'?" : ".")
                + " The fields are " + GuardPolicyRules.FIELDS + "; nothing was changed.");
    }

    private static boolean bool(String name, JsonNode value, String meaning) {
        if (!value.isBoolean()) {
            throw wrongType(name, value, "true or false (" + meaning + ")");
        }
        return value.booleanValue();
    }

    private static int integer(String name, JsonNode value, String expected) {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw wrongType(name, value, expected);
        }
        return value.intValue();
    }

    private static long size(String name, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Sizes.parse(name, Long.toString(value.longValue()));
        }
        if (!value.isTextual()) {
            throw wrongType(name, value, "a size: bytes, or a number with K, M, G, T or P, such as \"64M\"");
        }
        return Sizes.parse(name, value.textValue());
    }

    private static Duration duration(String name, JsonNode value) {
        if (!value.isTextual()) {
            throw wrongType(name, value, "a duration such as \"30s\" or \"2m\"");
        }
        return Durations.parse(name, value.textValue());
    }

    private static InvalidInputException wrongType(String name, JsonNode value, String expected) {
        return invalid(name, "'" + name + "' must be " + expected + "; got " + value + ".");
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.FIELD, field, message);
    }
}
