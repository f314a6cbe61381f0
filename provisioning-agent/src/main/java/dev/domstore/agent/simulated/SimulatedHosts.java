package dev.domstore.agent.simulated;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.host.Hosts;
import dev.domstore.common.validation.Sizes;

/** The simulated hosts of one agent: {@code <host-id>-01} … {@code <host-id>-NN}, each with its own vg0 and image root. */
public final class SimulatedHosts {
    private SimulatedHosts() {
    }

    public static Hosts create(AgentConfig config, Clock clock) {
        AgentConfig.Simulated simulated = config.simulated();
        if (simulated.hosts() < 1) {
            throw new IllegalArgumentException("domstore.agent.simulated.hosts must be 1 or more, not " + simulated.hosts());
        }
        long vgSize = Sizes.parse("domstore.agent.simulated.vg-size", simulated.vgSize());
        long imageRootSize = Sizes.parse("domstore.agent.simulated.image-root-size", simulated.imageRootSize());
        List<SimulatedHost> hosts = new ArrayList<>();
        for (int i = 1; i <= simulated.hosts(); i++) {
            String id = hostId(config.hostId(), i);
            hosts.add(new SimulatedHost(id, new ImageRoot(Path.of(config.imageRoot(), id)), vgSize, imageRootSize, simulated.writeRate(),
                    clock));
        }
        return new Hosts(hosts);
    }

    /** {@code host-01}: two digits at least, so that ids sort in order up to 99 hosts. */
    public static String hostId(String prefix, int number) {
        return String.format("%s-%02d", prefix, number);
    }
}
