package dev.domstore.problems.rest;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.domstore.problems.Problem;

/**
 * What was wrong with a request body that could not be read, said in the request's own terms: the
 * field (as a path such as {@code exports[0].clients}), what it must be, and what was sent.
 */
public final class JsonBodyProblems {
    private JsonBodyProblems() {
    }

    public static Problem explain(JsonProcessingException e, String instance) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            String known = unknown.getKnownPropertyIds() == null ? "" : unknown.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return Problem.of(400, "unknown-field", "Unknown field " + field,
                    "'" + field + "' is not a field of this request" + (known.isEmpty() ? "" : "; its fields are " + known)
                            + ". Remove it (or correct its name) and send the request again; nothing was changed.",
                    instance, field);
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = path(mismatch);
            String expected = describe(mismatch.getTargetType());
            String sent = sent(mismatch);
            if (field.isEmpty()) {
                return Problem.of(400, "invalid-json", "Request body is not " + expected,
                        "The body must be " + expected + (sent.isEmpty() ? "" : ", not " + sent)
                                + ". Send a JSON object with the fields this operation takes (see /q/openapi); nothing was changed.",
                        instance, "body");
            }
            return Problem.of(400, "invalid-field-type", "Invalid " + field,
                    "'" + field + "' must be " + expected + (sent.isEmpty() ? "" : ", not " + sent) + "; nothing was changed.",
                    instance, field);
        }
        return Problem.of(400, "invalid-json", "Request body is not valid JSON",
                "The body could not be read as JSON: " + e.getOriginalMessage() + ". Send a JSON object of the fields this operation "
                        + "takes (its schema and an example are in /q/openapi); nothing was changed.",
                instance, "body");
    }

    /** {@code exports[0].clients}; empty for the body itself. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String describe(Class<?> type) {
        if (type == null) {
            return "a different JSON value";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != char.class)) {
            return "a number";
        }
        if (type == UUID.class) {
            return "an id (a UUID such as 0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02)";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        return "a JSON object";
    }

    /** Jackson's messages say what came: "… from String value ('x')", "… from Array value (token …)". */
    private static final Pattern SENT = Pattern.compile("from (String|Array|Object|Integer|Floating-point|Boolean|Null|Embedded Object) value"
            + "(?: \\('([^']*)'\\))?");
    private static final Map<String, String> SENT_KINDS = Map.of("String", "a string", "Array", "an array", "Object", "an object",
            "Integer", "a number", "Floating-point", "a number", "Boolean", "true or false", "Null", "null", "Embedded Object", "an object");

    /** What the client sent where the mismatch is, as Jackson's message names it (the parser is closed by now). */
    private static String sent(MismatchedInputException e) {
        Matcher sent = SENT.matcher(Objects.toString(e.getOriginalMessage(), ""));
        if (!sent.find()) {
            return "";
        }
        if ("String".equals(sent.group(1)) && sent.group(2) != null) {
            return "the string \"" + sent.group(2) + "\"";
        }
        return SENT_KINDS.get(sent.group(1));
    }
}
