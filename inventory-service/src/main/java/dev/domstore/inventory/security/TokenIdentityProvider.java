package dev.domstore.inventory.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;

import dev.domstore.inventory.domain.ApiToken;
import dev.domstore.inventory.service.ApiTokens;
import dev.domstore.security.TokenIdentities;

/** A bearer secret's token, from the inventory's own database, with the roles its role grants and the hosts it is limited to. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    @Inject
    ApiTokens tokens;

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> {
            ApiToken token = tokens.authenticate(request.getToken().getToken()).orElseThrow(() -> new AuthenticationFailedException(
                    "The bearer secret is not that of a valid API token: it is mistyped, revoked or expired"));
            return TokenIdentities.of(token.name, token.role, token.hostList());
        });
    }
}
