package dev.domstore.common.events;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who made a change on the audit stream: an API token, by its name and role, or one of domstore's own
 * services acting on what a host or the guard told it ({@code system:<service>}, no role). Token names
 * cannot hold a colon, so the two never collide.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(String name, String role) {
    public static final String SYSTEM_PREFIX = "system:";

    /** The snapshot-guard's extend requests. */
    public static final Actor SNAPSHOT_GUARD = system("snapshot-guard");
    /** An agent's results, host reports and snapshot usage. */
    public static final Actor PROVISIONING_AGENT = system("provisioning-agent");
    /** An nfs-service's results and export reports. */
    public static final Actor NFS_SERVICE = system("nfs-service");
    /** The inventory on its own account (its first start). */
    public static final Actor INVENTORY = system("inventory");

    public Actor {
        Objects.requireNonNull(name, "name");
    }

    public static Actor token(String name, String role) {
        return new Actor(name, Objects.requireNonNull(role, "role"));
    }

    public static Actor system(String service) {
        return new Actor(SYSTEM_PREFIX + service, null);
    }
}
