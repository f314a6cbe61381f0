package dev.domstore.security;

import java.util.List;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;

/**
 * The identity of a request that carried an API token: the token's name as principal, the roles its
 * role grants (each role includes those below it, so {@code @RolesAllowed("viewer")} admits all three),
 * and, as attributes, the role itself and the hosts the token is limited to.
 */
public final class TokenIdentities {
    private static final String ROLE = "domstore.role";
    private static final String HOSTS = "domstore.hosts";

    private TokenIdentities() {
    }

    public static SecurityIdentity of(String name, Role role, List<String> hosts) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(name))
                .addRoles(role.granted())
                .addAttribute(ROLE, role)
                .addAttribute(HOSTS, List.copyOf(hosts))
                .build();
    }

    public static Role role(SecurityIdentity identity) {
        return identity.getAttribute(ROLE);
    }

    /** The hosts the token is limited to; empty for every host. */
    public static List<String> hosts(SecurityIdentity identity) {
        List<String> hosts = identity.getAttribute(HOSTS);
        return hosts == null ? List.of() : hosts;
    }
}
