package dev.domstore.common.messages;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Every message is JSON with a {@code type} (its record's simple name) and a {@code version}.
 * Within a version, fields are only ever added and readers ignore fields they do not know;
 * a change that would break a reader becomes a new version.
 */
public interface Versioned {
    @JsonProperty(value = "version", access = JsonProperty.Access.READ_ONLY)
    default int version() {
        return 1;
    }
}
