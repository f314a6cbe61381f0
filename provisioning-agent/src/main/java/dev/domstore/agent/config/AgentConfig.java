package dev.domstore.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The agent's configuration; every value can be set through the environment (DOMSTORE_AGENT_HOST_ID, …). */
@ConfigMapping(prefix = "domstore.agent")
public interface AgentConfig {

    /** This host's id in the inventory: the key of the commands it takes and of the reports it sends. */
    String hostId();

    /** The directory under which every file-backed image of this host lives (rule 6). */
    @WithDefault("/var/lib/domstore/images")
    String imageRoot();

    /** How often the host report is published. */
    @WithDefault("10s")
    Duration reportInterval();

    /** How long one host command may run before it is killed. */
    @WithDefault("10m")
    Duration commandTimeout();

    /** Prepended to every host command, for example {@code nsenter -t 1 -m --} when the agent runs in a container. */
    Optional<List<String>> commandPrefix();

    /** The host name put in reports; the kernel's host name when not set. */
    Optional<String> hostname();
}
