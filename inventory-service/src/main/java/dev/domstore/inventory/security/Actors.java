package dev.domstore.inventory.security;

import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;

import dev.domstore.common.events.Actor;
import dev.domstore.security.TokenIdentities;

/**
 * Who is making the change being recorded. A REST request acts as its token. Work that no request
 * carries (a host's result or report, the guard's extend request, the inventory's own start) names its
 * actor with {@link #as}, for the thread that does it. An event with neither is a bug, and refused.
 */
@ApplicationScoped
public class Actors {
    private static final ThreadLocal<Actor> ACTING = new ThreadLocal<>();

    @Inject
    CurrentIdentityAssociation identities;

    /** Runs {@code work} as {@code actor} on this thread; what it records names that actor. */
    public static <T> T as(Actor actor, Supplier<T> work) {
        Actor outer = ACTING.get();
        ACTING.set(actor);
        try {
            return work.get();
        } finally {
            ACTING.set(outer);
        }
    }

    public static void as(Actor actor, Runnable work) {
        as(actor, () -> {
            work.run();
            return null;
        });
    }

    public Actor current() {
        Actor acting = ACTING.get();
        if (acting != null) {
            return acting;
        }
        if (Arc.container().requestContext().isActive()) {
            SecurityIdentity identity = identities.getIdentity();
            if (identity != null && !identity.isAnonymous()) {
                return Actor.token(identity.getPrincipal().getName(), TokenIdentities.role(identity).roleName());
            }
        }
        throw new IllegalStateException("A change is being recorded with no actor: neither an authenticated request nor work run "
                + "with Actors.as(…)");
    }
}
