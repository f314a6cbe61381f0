package dev.domstore.problems.rest;

import java.util.Arrays;
import java.util.Optional;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

import dev.domstore.problems.Problem;

/** No credential, a bad one (401, with the Bearer challenge) and too little role (403, naming the role the operation needs). */
public class SecurityProblemMappers {

    @ServerExceptionMapper
    public Response noCredential(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri, "This operation needs an API token: send Authorization: Bearer <secret>. The first admin token's secret is "
                + "in .domstore/credentials/admin.token where ./domstore up made it; an admin makes others with POST /api/v1/tokens.");
    }

    @ServerExceptionMapper
    public Response badCredential(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri, Optional.ofNullable(e.getMessage()).orElse("The credential was refused") + ". Send Authorization: Bearer "
                + "<secret> with the secret of a token that exists and has not expired (GET /api/v1/tokens lists them).");
    }

    @ServerExceptionMapper
    public Response tooLittleRole(ForbiddenException e, UriInfo uri, SimpleResourceInfo resource) {
        String detail = requiredRoles(resource)
                .map(roles -> "This operation needs the role " + String.join(" or ", roles) + ", which this token does not have. Use a token "
                        + "of that role (an admin makes one with POST /api/v1/tokens).")
                .orElse("No token may call this operation.");
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "forbidden", "Not allowed with this token", detail, uri.getPath(), null)).build();
    }

    private static Response unauthorized(UriInfo uri, String detail) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer realm=\"domstore\"")
                .entity(Problem.of(401, "unauthorized", "Not authenticated", detail, uri.getPath(), null)).build();
    }

    /** The roles of the method's {@code @RolesAllowed}, else its class's. */
    private static Optional<String[]> requiredRoles(SimpleResourceInfo resource) {
        if (resource == null || resource.getResourceClass() == null) {
            return Optional.empty();
        }
        try {
            RolesAllowed onMethod = resource.getResourceClass().getMethod(resource.getMethodName(), resource.parameterTypes())
                    .getAnnotation(RolesAllowed.class);
            RolesAllowed roles = onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RolesAllowed.class);
            return Optional.ofNullable(roles).map(RolesAllowed::value).filter(values -> values.length > 0)
                    .map(values -> Arrays.stream(values).toArray(String[]::new));
        } catch (NoSuchMethodException e) {
            return Optional.empty();
        }
    }
}
