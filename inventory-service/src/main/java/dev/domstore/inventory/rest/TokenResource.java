package dev.domstore.inventory.rest;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.security.identity.SecurityIdentity;

import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.inventory.domain.ApiToken;
import dev.domstore.inventory.service.ApiTokens;
import dev.domstore.problems.Problem;
import dev.domstore.security.Role;

@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Tokens", description = "Credentials for this API: a name, a role, an optional expiry and hosts")
@RolesAllowed(Role.ADMIN_NAME)
public class TokenResource {
    @Inject
    ApiTokens tokens;
    @Inject
    SecurityIdentity identity;

    @Schema(name = "CreateTokenRequest", example = "{\"name\": \"ci-lab01\", \"role\": \"operator\", \"expiresAt\": \"2027-01-01T00:00:00Z\", \"hosts\": [\"lab01\"]}")
    public record CreateTokenRequest(
            @Schema(description = "Letters, digits, ._+- (as an image name)", example = "ci-lab01") String name,
            @Schema(description = "viewer (reads), operator (creates, extends, snapshots, attaches, guard policies) or admin (also deletes, "
                    + "forces, tokens)", example = "operator") String role,
            @Schema(description = "When it stops working (ISO-8601); none: never", example = "2027-01-01T00:00:00Z") String expiresAt,
            @Schema(description = "The hosts whose storage it may change; none: every host") List<String> hosts) {
    }

    @Schema(name = "Token")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenResponse(String name, String role, Instant expiresAt, List<String> hosts, Instant createdAt,
            @Schema(description = "Only in the answer to the POST that made it: it is not stored and cannot be shown again") String secret) {
        static TokenResponse of(ApiToken token, String secret) {
            return new TokenResponse(token.name, token.role.roleName(), token.expiresAt, token.hostList(), token.createdAt, secret);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Make a token", description = "The answer holds its secret, once: keep it. Send it as Authorization: Bearer <secret>.")
    @APIResponse(responseCode = "201", description = "Made; the secret is in 'secret'")
    @APIResponse(responseCode = "409", description = "A token of that name exists", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<TokenResponse> create(CreateTokenRequest request) {
        if (request == null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "body", "The request body is missing: send {\"name\": \"ci\", \"role\": \"viewer\"}.");
        }
        if (request.role() == null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "role", "'role' is missing: viewer, operator or admin.");
        }
        ApiTokens.Issued issued = tokens.create(request.name(), Role.parse("role", request.role()), instant(request.expiresAt()),
                request.hosts() == null ? List.of() : request.hosts());
        return RestResponse.ResponseBuilder.<TokenResponse>created(URI.create("/api/v1/tokens/" + issued.token().name))
                .entity(TokenResponse.of(issued.token(), issued.secret())).build();
    }

    @GET
    @Path("/self")
    @RolesAllowed(Role.VIEWER_NAME)
    @Operation(summary = "The token this request carries", description = "Its name, role, hosts and expiry: what the other services ask "
            + "the inventory about a token they are shown, and a way to check one.")
    @APIResponse(responseCode = "200", description = "The token, without its secret")
    public TokenResponse self() {
        return TokenResponse.of(tokens.get(identity.getPrincipal().getName()), null);
    }

    @GET
    @Operation(summary = "The tokens, without their secrets")
    public List<TokenResponse> list() {
        return tokens.list().stream().map(token -> TokenResponse.of(token, null)).toList();
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Revoke a token", description = "It stops working at once.")
    @APIResponse(responseCode = "204", description = "Revoked")
    @APIResponse(responseCode = "404", description = "No such token", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestResponse<Void> revoke(@PathParam("name") String name) {
        tokens.revoke(name);
        return RestResponse.noContent();
    }

    private static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "expiresAt",
                    "'expiresAt' must be an ISO-8601 time such as 2027-01-01T00:00:00Z; got '" + value + "'.");
        }
    }
}
