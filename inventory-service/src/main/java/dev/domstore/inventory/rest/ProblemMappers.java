package dev.domstore.inventory.rest;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.inventory.domain.RuleViolation;

/** Every refusal becomes a problem document; see docs/api.md for the types. */
public class ProblemMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> invalidInput(InvalidInputException e, UriInfo uri) {
        return problem(400, e.kind().slug(), "Invalid " + e.field(), e.getMessage(), uri, e.field());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> ruleViolation(RuleViolation e, UriInfo uri) {
        return problem(e.rule().status(), e.rule().slug(), e.rule().title(), e.getMessage(), uri, null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unreadableJson(JsonProcessingException e, UriInfo uri) {
        String example = uri.getPath().endsWith("/guard-policy")
                ? "{\"thresholdPercent\": 60}"
                : "{\"name\":\"vm1disk\",\"hostId\":\"dom0-a\",\"kind\":\"FILE\",\"size\":\"2G\"}";
        return problem(400, "invalid-json", "Request body is not valid JSON",
                "The body could not be read as JSON: " + e.getOriginalMessage() + ". Send a JSON object such as " + example + ".",
                uri, null);
    }

    /** The JSON reader wraps syntax errors in a bare 400; give them the same problem as other unreadable bodies. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable, uri).toResponse();
        }
        return e.getResponse();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> concurrentUpdate(OptimisticLockException e, UriInfo uri) {
        return problem(409, "concurrent-update", "Changed by another request",
                "The volume was changed by another request at the same moment; read it again and retry.", uri, null);
    }

    private static RestResponse<Problem> problem(int status, String slug, String title, String detail, UriInfo uri, String field) {
        Problem body = new Problem(Problem.TYPE_BASE + slug, title, status, detail, uri.getPath(), field);
        return RestResponse.ResponseBuilder.<Problem>create(status)
                .entity(body)
                .type(Problem.MEDIA_TYPE)
                .build();
    }
}
