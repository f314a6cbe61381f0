package dev.domstore.agent.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.loop.Populator;
import dev.domstore.agent.lvm.LvmCommands;
import dev.domstore.agent.lvm.LvmVolumes;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.agent.phy.PhysicalDevices;
import dev.domstore.agent.simulated.SimulatedHost;
import dev.domstore.agent.simulated.SimulatedHosts;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostTransport;

/**
 * Makes the agent's {@link Hosts}: the managed host (this machine, or the guest behind the guest
 * agent transport) in {@code real} mode, in-memory hosts in {@code simulated} mode.
 */
@ApplicationScoped
public class HostsProducer {
    private static final Logger LOG = Logger.getLogger(HostsProducer.class);

    @Produces
    @Singleton
    Hosts hosts(AgentConfig config, HostCommandRunner runner, HostFiles hostFiles, FileVolumes files, LoopDevices loops) {
        if (config.mode() == AgentConfig.Mode.SIMULATED) {
            Hosts hosts = SimulatedHosts.create(config, Clock.systemUTC());
            LOG.infof("Simulated mode: %d in-memory hosts %s, nothing on this machine is touched", hosts.ids().size(), hosts.ids());
            return hosts;
        }
        Supplier<String> hostname;
        if (config.hostname().isPresent() || config.transport() == HostTransport.LOCAL) {
            String known = requireRealHostname(config.hostname().orElseGet(() -> hostHostname(hostFiles, true)));
            hostname = () -> known;
        } else {
            // Asked of the guest with its first report, not now: it may not answer yet while the agent starts.
            hostname = () -> requireRealHostname(hostHostname(hostFiles, false));
        }
        if (config.lvm().metadataOnly()) {
            LOG.warn("metadata-only LVM (domstore.agent.lvm.metadata-only=true): LVs are not activated, no file systems are made "
                    + "or grown in them, and snapshots cannot be made. For kernels without device-mapper only.");
        }
        BlockDevices blocks = new BlockDevices(hostFiles);
        Populator populator = new Populator(runner, loops, Path.of(config.stateDir(), "mnt"), config.populateTimeout());
        LvmVolumes lvm = new LvmVolumes(new LvmCommands(config.lvm().metadataOnly()), runner, populator, blocks);
        return new Hosts(List.of(new RealHost(config.hostId(), hostname, files, lvm, new PhysicalDevices(runner, blocks, Path.of("/sys")),
                loops, blocks)));
    }

    static String requireRealHostname(String hostname) {
        if (hostname.endsWith(SimulatedHost.HOSTNAME_SUFFIX)) {
            throw new IllegalStateException("Host name '" + hostname + "' ends with " + SimulatedHost.HOSTNAME_SUFFIX
                    + ", which marks simulated hosts: a real host must not be mistaken for one. Set domstore.agent.hostname.");
        }
        return hostname;
    }

    /**
     * The managed host's kernel host name, as hostname(1) prints it; no name lookup is involved.
     * Only for this machine ({@code local}) does the JVM's own idea of its name stand in when there is no such file.
     */
    static String hostHostname(HostFiles files, boolean local) {
        try {
            Optional<String> name = files.read(Path.of("/proc/sys/kernel/hostname")).map(String::strip).filter(n -> !n.isEmpty());
            if (name.isPresent()) {
                return name.get();
            }
        } catch (IOException e) {
            if (!local) {
                throw new UncheckedIOException("Cannot read the managed host's /proc/sys/kernel/hostname: set domstore.agent.hostname", e);
            }
        }
        if (!local) {
            throw new IllegalStateException("The managed host has no /proc/sys/kernel/hostname: set domstore.agent.hostname");
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot find this machine's host name: set domstore.agent.hostname", e);
        }
    }
}
