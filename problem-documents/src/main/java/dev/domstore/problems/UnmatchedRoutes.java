package dev.domstore.problems;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A path that no route of the service serves (outside the REST resources, such as {@code /nothing}
 * or a typo under {@code /q/}) gets the same 404 problem document as one inside them, not the
 * HTTP server's HTML page.
 */
@ApplicationScoped
public class UnmatchedRoutes {
    /** Its own: a service without Quarkus REST (the agent) has no ObjectMapper bean. */
    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    void install(@Observes Router router) {
        router.errorHandler(404, context -> answer(context, Problem.notFound(context.request().path(), null)));
        router.errorHandler(405, context -> answer(context, Problem.methodNotAllowed(context.request().path(), List.of())));
    }

    private void answer(RoutingContext context, Problem problem) {
        if (context.response().headWritten()) {
            return;
        }
        try {
            context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(JSON.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(problem.status()).end();
        }
    }
}
