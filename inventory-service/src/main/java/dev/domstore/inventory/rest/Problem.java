package dev.domstore.inventory.rest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 7807 problem document. {@code type} is stable per broken rule; {@code detail} says what
 * to do instead; {@code field} names the request field at fault, when there is one.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String field) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://domstore.dev/problems/";
}
