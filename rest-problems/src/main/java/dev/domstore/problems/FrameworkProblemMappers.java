package dev.domstore.problems;

import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * The framework's own refusals, each as a problem document instead of an empty body: an unknown path
 * or a malformed id in one, a method the path does not take, a media type it does not read or write,
 * a body that is not the JSON the operation takes, and what nobody foresaw (500).
 */
public class FrameworkProblemMappers {
    private static final Logger LOG = Logger.getLogger(FrameworkProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> notFound(NotFoundException e, UriInfo uri) {
        String message = e.getMessage();
        String detail = message != null && !message.startsWith("HTTP 404")
                ? message
                : "There is nothing at " + uri.getPath() + ". Check the path, and that each id in it is well-formed (volume ids are UUIDs "
                        + "such as 0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02); the operations are listed at /q/openapi.";
        return Problem.of(404, "not-found", "Not found", detail, uri.getPath(), null).toResponse();
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, UriInfo uri) {
        Set<String> allowed = e.getResponse().getAllowedMethods();
        String detail = uri.getPath() + " does not take this method" + (allowed.isEmpty() ? "" : "; it takes "
                + allowed.stream().sorted().collect(Collectors.joining(", "))) + ".";
        Response.ResponseBuilder answer = Response.status(405)
                .entity(Problem.of(405, "method-not-allowed", "Method not allowed", detail, uri.getPath(), null))
                .type(Problem.MEDIA_TYPE);
        if (!allowed.isEmpty()) {
            answer.header(HttpHeaders.ALLOW, String.join(", ", allowed));
        }
        return answer.build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notAcceptable(NotAcceptableException e, UriInfo uri) {
        return Problem.of(406, "not-acceptable", "No answer in the media type asked for",
                uri.getPath() + " cannot answer in the media type the Accept header asks for. Ask for application/json (or, where the "
                        + "operation offers it, text/plain; see /q/openapi), or leave Accept out.",
                uri.getPath(), null).toResponse();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unsupportedMediaType(NotSupportedException e, UriInfo uri) {
        return Problem.of(415, "unsupported-media-type", "Unsupported media type",
                "This operation reads a JSON body: send it with Content-Type: application/json. Nothing was changed.",
                uri.getPath(), null).toResponse();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unreadableJson(JsonProcessingException e, UriInfo uri) {
        return JsonBodyProblems.explain(e, uri.getPath()).toResponse();
    }

    /** Quarkus maps this one (wrong types, unknown fields) to an empty 400 of its own; this mapper takes precedence. */
    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    /** The JSON reader wraps what it cannot read in a bare 400; every other framework status gets a problem of its own. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable, uri).toResponse();
        }
        Response original = e.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        Response.StatusType status = original.getStatusInfo();
        return Problem.of(status.getStatusCode(), "http-" + status.getStatusCode(), status.getReasonPhrase(),
                        status.getReasonPhrase() + ": " + e.getMessage(), uri.getPath(), null)
                .toResponse().toResponse();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure answering %s", uri.getPath());
        return Problem.of(500, "internal-error", "Internal error",
                "The service failed unexpectedly (" + e.getClass().getSimpleName() + "); its log says why. "
                        + "Read the resource again before you retry.",
                uri.getPath(), null).toResponse();
    }
}
