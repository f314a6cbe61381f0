package dev.domstore.problems.rest;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.domstore.problems.Problem;

/**
 * The framework's own refusals, each as a problem document instead of an empty body: an unknown path
 * or a malformed id in one, a method the path does not take, a media type it does not read or write,
 * a body that is not the JSON the operation takes, and what nobody foresaw (500).
 */
public class FrameworkProblemMappers {
    private static final Logger LOG = Logger.getLogger(FrameworkProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> unreadableJson(JsonProcessingException e, UriInfo uri) {
        return ProblemResponses.of(JsonBodyProblems.explain(e, uri.getPath()));
    }

    /** Quarkus maps this one (wrong types, unknown fields) to an empty 400 of its own; this mapper takes precedence. */
    @ServerExceptionMapper
    public RestResponse<Problem> mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return unreadableJson(e, uri);
    }

    /**
     * Every refusal of the framework's own (no such path, a malformed id, a method, Accept or Content-Type the
     * operation does not take), and the bare 400 the JSON reader wraps what it cannot read in.
     */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri, SimpleResourceInfo resource) {
        if (e.getCause() instanceof JsonProcessingException unreadable) {
            return unreadableJson(unreadable, uri).toResponse();
        }
        Response original = e.getResponse();
        if (original.hasEntity()) {
            return original;
        }
        String path = uri.getPath();
        int status = original.getStatus();
        Problem problem = switch (status) {
            case 404 -> notFound(e, uri, resource);
            case 405 -> Problem.methodNotAllowed(path, original.getAllowedMethods());
            case 406 -> Problem.of(406, "not-acceptable", "No answer in the media type asked for", path + " cannot answer in the media "
                    + "type the Accept header asks for. Ask for application/json (or, where the operation offers it, text/plain; see "
                    + "/q/openapi), or leave Accept out.", path, null);
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type", "This operation reads a JSON body: send it "
                    + "with Content-Type: application/json. Nothing was changed.", path, null);
            default -> Problem.of(status, "http-" + status, original.getStatusInfo().getReasonPhrase(), e.getMessage(), path, null);
        };
        Response.ResponseBuilder answer = Response.status(problem.status()).entity(problem).type(Problem.MEDIA_TYPE);
        if (!original.getAllowedMethods().isEmpty()) {
            answer.header(HttpHeaders.ALLOW, String.join(", ", original.getAllowedMethods()));
        }
        return answer.build();
    }

    /**
     * A resource's own 404 keeps its message. A parameter the framework could not convert comes as a bare
     * 404 with the conversion's failure as its cause, and is named.
     */
    private static Problem notFound(WebApplicationException e, UriInfo uri, SimpleResourceInfo resource) {
        if (e.getCause() != null) {
            return ParameterProblems.explain(uri, resource).orElseGet(() -> Problem.notFound(uri.getPath(), null));
        }
        String message = e.getMessage();
        boolean ownMessage = e instanceof NotFoundException && message != null && !message.startsWith("HTTP 404");
        return Problem.notFound(uri.getPath(), ownMessage ? message : null);
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "Unexpected failure answering %s", uri.getPath());
        return ProblemResponses.of(Problem.of(500, "internal-error", "Internal error",
                "The service failed unexpectedly (" + e.getClass().getSimpleName() + "); its log says why. "
                        + "Read the resource again before you retry.",
                uri.getPath(), null));
    }
}
