package dev.domstore.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.mutiny.Uni;

/**
 * For the services that keep no tokens (snapshot-guard, agents, nfs-services): who a bearer secret
 * belongs to, as the inventory says ({@code GET /api/v1/tokens/self} at {@code domstore.auth.inventory-url},
 * sent with that secret). An answer is kept for {@value #CACHE_SECONDS} s, keyed by the secret's SHA-256:
 * a revoked or expired token works here for at most that long. The inventory itself checks its database
 * instead and excludes this bean.
 */
@ApplicationScoped
public class InventoryTokenIntrospection implements IdentityProvider<TokenAuthenticationRequest> {
    static final long CACHE_SECONDS = 30;
    private static final int CACHE_LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Optional<URI> inventory;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(SecurityIdentity identity, Instant until) {
    }

    InventoryTokenIntrospection(@ConfigProperty(name = "domstore.auth.inventory-url") Optional<URI> inventory) {
        this.inventory = inventory;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> identify(request.getToken().getToken()));
    }

    SecurityIdentity identify(String secret) {
        String key = Secrets.sha256(secret);
        Known cached = known.get(key);
        if (cached != null && Instant.now().isBefore(cached.until())) {
            return cached.identity();
        }
        URI base = inventory.orElseThrow(() -> new AuthenticationFailedException(
                "This service cannot check API tokens: it has no inventory to ask (set DOMSTORE_AUTH_INVENTORY_URL)"));
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/tokens/self")).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + secret).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AuthenticationFailedException("The token could not be checked: the inventory at " + base + " did not answer ("
                    + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuthenticationFailedException("Interrupted while checking the token");
        }
        if (answer.statusCode() != 200) {
            throw new AuthenticationFailedException("The bearer secret is not that of a valid API token: the inventory at " + base
                    + " refused it (HTTP " + answer.statusCode() + ")");
        }
        SecurityIdentity identity = parse(answer.body());
        if (known.size() >= CACHE_LIMIT) {
            known.clear();
        }
        known.put(key, new Known(identity, Instant.now().plusSeconds(CACHE_SECONDS)));
        return identity;
    }

    private static SecurityIdentity parse(String body) {
        try {
            JsonNode token = JSON.readTree(body);
            List<String> hosts = new ArrayList<>();
            token.path("hosts").forEach(host -> hosts.add(host.asText()));
            return TokenIdentities.of(token.path("name").asText(), Role.parse("role", token.path("role").asText()), hosts);
        } catch (IOException | RuntimeException e) {
            throw new AuthenticationFailedException("The inventory's answer about the token is unreadable: " + body);
        }
    }

}
