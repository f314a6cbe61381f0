package dev.domstore.inventory.rest;

import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.problems.Problem;
import dev.domstore.problems.rest.ProblemResponses;

/** The inventory's refusals as problem documents (the framework's own are rest-problems'); see docs/api.md for the types. */
public class ProblemMappers {

    @ServerExceptionMapper
    public RestResponse<Problem> invalidInput(InvalidInputException e, UriInfo uri) {
        return ProblemResponses.of(Problem.of(400, e.kind().slug(), "Invalid " + e.field(), e.getMessage(), uri.getPath(), e.field()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> ruleViolation(RuleViolation e, UriInfo uri) {
        return ProblemResponses.of(Problem.of(e.rule().status(), e.rule().slug(), e.rule().title(), e.getMessage(), uri.getPath(), null));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> concurrentUpdate(OptimisticLockException e, UriInfo uri) {
        return ProblemResponses.of(Problem.of(409, "concurrent-update", "Changed by another request",
                "The volume was changed by another request at the same moment; read it again and retry.", uri.getPath(), null));
    }
}
