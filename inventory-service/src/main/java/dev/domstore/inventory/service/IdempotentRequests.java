package dev.domstore.inventory.service;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.hibernate.exception.ConstraintViolationException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.inventory.domain.IdempotencyRecord;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.domain.RuleViolation.Rule;

/**
 * POSTs with an {@code Idempotency-Key} header: the first success is stored with the change it
 * made, in the same transaction, and the same key with the same body gets that response again
 * without a second change. The same key with another body is refused. Refusals are not stored:
 * they changed nothing, so repeating them is harmless.
 */
@ApplicationScoped
public class IdempotentRequests {
    public static final String HEADER = "Idempotency-Key";
    private static final int MAX_KEY_LENGTH = 255;

    @Inject
    ObjectMapper json;

    /** The response of a first success: status, JSON body, and Location when there is one. */
    public record Outcome(int status, Object body, URI location) {
    }

    @Transactional
    public Response execute(String key, String endpoint, Object request, Supplier<Outcome> operation) {
        if (key == null) {
            return toResponse(operation.get());
        }
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, HEADER,
                    "The Idempotency-Key header must be 1 to " + MAX_KEY_LENGTH + " characters, for example a UUID.");
        }
        String hash = sha256(write(request));
        IdempotencyRecord previous = IdempotencyRecord.find(key, endpoint);
        if (previous != null) {
            if (!previous.requestHash.equals(hash)) {
                throw new RuleViolation(Rule.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key '" + key + "' was first used on " + previous.createdAt
                        + " with a different request to " + endpoint + ". Use a new key for a new request.");
            }
            Response.ResponseBuilder replay = Response.status(previous.responseStatus)
                    .entity(previous.responseBody).type(MediaType.APPLICATION_JSON);
            if (previous.location != null) {
                replay.location(URI.create(previous.location));
            }
            return replay.header("Idempotent-Replayed", "true").build();
        }
        Outcome outcome = operation.get();
        IdempotencyRecord record = new IdempotencyRecord();
        record.idempotencyKey = key;
        record.endpoint = endpoint;
        record.requestHash = hash;
        record.responseStatus = outcome.status();
        record.responseBody = write(outcome.body());
        record.location = outcome.location() == null ? null : outcome.location().toString();
        record.createdAt = Instant.now();
        try {
            record.persistAndFlush();
        } catch (ConstraintViolationException concurrent) {
            throw new RuleViolation(Rule.IDEMPOTENCY_KEY_IN_FLIGHT, "Another request with Idempotency-Key '" + key
                    + "' was being made at the same moment; nothing was changed by this one. Retry it to get the first one's response.");
        }
        return toResponse(outcome);
    }

    private Response toResponse(Outcome outcome) {
        Response.ResponseBuilder response = Response.status(outcome.status()).entity(outcome.body()).type(MediaType.APPLICATION_JSON);
        if (outcome.location() != null) {
            response.location(outcome.location());
        }
        return response.build();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value + " as JSON", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
