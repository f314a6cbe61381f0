package dev.domstore.problems.rest;

import org.jboss.resteasy.reactive.RestResponse;

import dev.domstore.problems.Problem;

/** A problem document as a REST operation's or mapper's answer. */
public final class ProblemResponses {
    private ProblemResponses() {
    }

    /** Its status, the problem media type, the document. */
    public static RestResponse<Problem> of(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status()).entity(problem).type(Problem.MEDIA_TYPE).build();
    }
}
