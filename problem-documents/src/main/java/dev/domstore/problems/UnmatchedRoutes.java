package dev.domstore.problems;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

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
    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        router.errorHandler(404, context -> answer(context, FrameworkProblemMappers.notFound(context.request().path(), null)));
        router.errorHandler(405, context -> answer(context, FrameworkProblemMappers.methodNotAllowed(context.request().path(), List.of())));
    }

    private void answer(RoutingContext context, Problem problem) {
        if (context.response().headWritten()) {
            return;
        }
        try {
            context.response().setStatusCode(problem.status()).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(problem.status()).end();
        }
    }
}
