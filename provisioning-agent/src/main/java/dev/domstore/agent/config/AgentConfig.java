package dev.domstore.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.domstore.hostexec.HostTransport;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The agent's configuration; every value can be set through the environment (DOMSTORE_AGENT_HOST_ID, …). */
@ConfigMapping(prefix = "domstore.agent")
public interface AgentConfig {

    /**
     * This host's id in the inventory: the key of the commands it takes and of the reports it sends.
     * In simulated mode, the prefix of the simulated hosts' ids ({@code <host-id>-01}, …).
     */
    String hostId();

    /** The directory under which every file-backed image of this host lives (rule 6). */
    @WithDefault("/var/lib/domstore/images")
    String imageRoot();

    /** How often the host report is published. */
    @WithDefault("10s")
    Duration reportInterval();

    /**
     * A host's report follows its commands once none has finished on it for this long, and at most ten times
     * this after the first: a burst of commands makes one report, whose tools do not slow the commands down.
     */
    @WithDefault("200ms")
    Duration reportAfterCommands();

    /** How long one host command may run before it is killed. */
    @WithDefault("10m")
    Duration commandTimeout();

    /** Prepended to every host command, for example {@code nsenter -t 1 -m --} when the agent runs in a container (local transport only). */
    Optional<List<String>> commandPrefix();

    /**
     * How the managed host is reached. {@code local}: it is this machine (its commands and files,
     * through the command prefix if one is set). {@code guest-agent}: it is a QEMU guest, reached
     * only through its guest agent at {@link #guestAgentSocket()}; every command and every file
     * access goes through that socket.
     */
    @WithDefault("local")
    HostTransport transport();

    /** The QEMU guest agent's socket of the managed host (DOMSTORE_AGENT_GUEST_AGENT_SOCKET); required with {@code transport=guest-agent}. */
    Optional<Path> guestAgentSocket();

    /**
     * How long to wait before carrying out a command again on a host that does not answer (a guest
     * being restarted); the wait doubles up to {@link #unreachableRetryMax()}, for as long as it takes.
     */
    @WithDefault("1s")
    Duration unreachableRetry();

    /** The longest wait between two tries of a command on a host that does not answer. */
    @WithDefault("10s")
    Duration unreachableRetryMax();

    /** The host name put in reports; the kernel's host name when not set. */
    Optional<String> hostname();

    /** Where the agent keeps what must survive a restart: the journal of carried-out commands. Made on start. */
    @WithDefault("/var/lib/domstore/agent")
    String stateDir();

    /** How many carried-out commands the journal remembers (the most recent ones). */
    @WithDefault("10000")
    int journalSize();

    /** Commands carried out at once, each on a different volume; a volume's own commands run one at a time. */
    @WithDefault("8")
    int commandWorkers();

    /** How often the fill of every copy-on-write snapshot is published on {@code domstore.snapshot-usage}. */
    @WithDefault("1s")
    Duration snapshotInterval();

    /** How long copying {@code populateFrom} into a new volume may take before it is killed. */
    @WithDefault("2h")
    Duration populateTimeout();

    /** {@code real}: this machine's devices. {@code simulated}: in-memory hosts for demos and load tests. */
    @WithDefault("real")
    Mode mode();

    Lvm lvm();

    Simulated simulated();

    enum Mode {
        REAL,
        SIMULATED
    }


    interface Lvm {
        /**
         * LVM without device-mapper: only the metadata changes. Every LVM command gets
         * {@code --driverloaded n}, new LVs {@code -an -Zn} (not activated, not zeroed), and
         * mkfs, populate and resize2fs on LVs are skipped. For kernels without device-mapper
         * (build machines); snapshots cannot be made in this mode.
         */
        @WithDefault("false")
        boolean metadataOnly();

        /** The longest a {@code dmsetup wait} on a snapshot runs before it is restarted. */
        @WithDefault("1h")
        Duration eventWaitTimeout();
    }

    interface Simulated {
        /** How many hosts this agent simulates: {@code <host-id>-01} … {@code <host-id>-NN}. */
        @WithDefault("1")
        int hosts();

        /** Bytes per second written into every simulated snapshot's differences area. */
        @WithDefault("1048576")
        long writeRate();

        /** Size of each simulated host's volume group {@code vg0} (a size such as 1T or bytes). */
        @WithDefault("1T")
        String vgSize();

        /** Space for images under each simulated host's image root. */
        @WithDefault("1T")
        String imageRootSize();
    }
}
