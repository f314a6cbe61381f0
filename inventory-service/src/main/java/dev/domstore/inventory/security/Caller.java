package dev.domstore.inventory.security;

import java.util.List;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import io.quarkus.security.identity.SecurityIdentity;

import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.security.Role;
import dev.domstore.security.TokenIdentities;

/**
 * Who is calling, for the checks a role annotation cannot make: a forced action needs admin, and a
 * token limited to some hosts may change storage on those only.
 */
@RequestScoped
public class Caller {
    @Inject
    SecurityIdentity identity;

    /** {@code what} needs an admin token when {@code force} is set, as in "force an attachment". */
    public void requireAdminToForce(boolean force, String what) {
        if (force && !identity.hasRole(Role.ADMIN_NAME)) {
            throw new RuleViolation(RuleViolation.Rule.FORBIDDEN, "To " + what + " needs the role admin; the token '" + name()
                    + "' has the role " + role().roleName() + ". Leave force out, or use an admin token.");
        }
    }

    /** Refuses a change on {@code hostId} to a token limited to other hosts. */
    public void requireHost(String hostId) {
        List<String> hosts = hosts();
        if (!hosts.isEmpty() && !hosts.contains(hostId)) {
            throw new RuleViolation(RuleViolation.Rule.FORBIDDEN, "The token '" + name() + "' is limited to the hosts " + String.join(", ", hosts)
                    + ", and this is storage of host '" + hostId + "'. Use a token for that host.");
        }
    }

    /** Whether the token is limited to some hosts (a create must then name one). */
    public boolean limitedToHosts() {
        return !hosts().isEmpty();
    }

    public String name() {
        return identity.getPrincipal().getName();
    }

    private Role role() {
        return TokenIdentities.role(identity);
    }

    private List<String> hosts() {
        return TokenIdentities.hosts(identity);
    }
}
