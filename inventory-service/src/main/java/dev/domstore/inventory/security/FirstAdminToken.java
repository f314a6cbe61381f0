package dev.domstore.inventory.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.quarkus.runtime.StartupEvent;

import dev.domstore.common.events.Actor;
import dev.domstore.inventory.config.InventoryConfig;
import dev.domstore.inventory.service.ApiTokens;

/** The first credential: on a first start with {@code bootstrap-admin-token-file} set, an admin token whose secret is in that file. */
@ApplicationScoped
public class FirstAdminToken {
    @Inject
    InventoryConfig config;
    @Inject
    ApiTokens tokens;

    void onStart(@Observes StartupEvent startup) {
        config.bootstrapAdminTokenFile().ifPresent(file -> Actors.as(Actor.INVENTORY, () -> tokens.bootstrap(file)));
    }
}
