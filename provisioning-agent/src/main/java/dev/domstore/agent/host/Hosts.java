package dev.domstore.agent.host;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hosts this agent carries out commands for: this machine, or in simulated mode one or more
 * in-memory hosts. Each takes the commands keyed by its id and publishes its own reports.
 */
public class Hosts {
    private final Map<String, HostOperations> byId = new LinkedHashMap<>();

    public Hosts(List<? extends HostOperations> hosts) {
        for (HostOperations host : hosts) {
            if (byId.putIfAbsent(host.hostId(), host) != null) {
                throw new IllegalArgumentException("Two hosts with the id " + host.hostId());
            }
        }
    }

    public Optional<HostOperations> get(String hostId) {
        return Optional.ofNullable(hostId == null ? null : byId.get(hostId));
    }

    public boolean contains(String hostId) {
        return hostId != null && byId.containsKey(hostId);
    }

    public Collection<HostOperations> all() {
        return byId.values();
    }

    public Set<String> ids() {
        return byId.keySet();
    }
}
