package dev.domstore.nfs.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.domstore.hostexec.HostTransport;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The nfs-service's configuration; every value can be set through the environment (DOMSTORE_NFS_HOST_ID, …). */
@ConfigMapping(prefix = "domstore.nfs")
public interface NfsConfig {

    /** This NFS server's host id in the inventory: the key of the ApplyExports commands it takes and of its reports. Required. */
    String hostId();

    /**
     * domstore's own exports file, the only one it ever writes. It must be named {@code *.exports}
     * (exportfs reads only those under /etc/exports.d/); /etc/exports itself is refused.
     */
    @WithDefault("/etc/exports.d/domstore.exports")
    String exportsFile();

    /** Directories are only created (and populated) below this one; exports elsewhere must already exist. */
    @WithDefault("/srv/domstore/nfs")
    String exportRoot();

    /** Where the last applied ApplyExports is kept (its revision and set), for stale commands and drift after a restart. */
    @WithDefault("/var/lib/domstore/nfs-service/applied-exports.json")
    String stateFile();

    /** How often the ExportsReport is published (also on start and after every ApplyExports). */
    @WithDefault("60s")
    Duration reportInterval();

    /** How long one host command may run before it is killed ({@code cp -a} of a root file system takes a while). */
    @WithDefault("30m")
    Duration commandTimeout();

    /**
     * Prepended to every host command, for example {@code nsenter -t 1 -m --} when the service runs in a container.
     * Only with the {@code local} transport.
     */
    Optional<List<String>> commandPrefix();

    /**
     * How the NFS server host is reached: {@code local} (this machine, or what the command prefix
     * enters) or {@code guest-agent} (a QEMU guest, through its qemu-guest-agent at
     * {@link #guestAgentSocket()}). Its commands and its files (the exports file, the export
     * directories) are reached that way; the state file always stays on this machine.
     */
    @WithDefault("local")
    HostTransport transport();

    /** With the {@code guest-agent} transport, required: the host end of the guest's qemu-guest-agent channel, a unix socket. */
    Optional<Path> guestAgentSocket();

    /**
     * How long to wait before trying a command again on a host that does not answer (a guest being
     * restarted); the wait doubles up to {@link #unreachableRetryMax()}, for as long as it takes.
     */
    @WithDefault("1s")
    Duration unreachableRetry();

    /** The longest wait between two tries of a command on a host that does not answer. */
    @WithDefault("30s")
    Duration unreachableRetryMax();

    /** The exportfs program: a name looked up on PATH (and /usr/sbin, /sbin), or an absolute path. */
    @WithDefault("exportfs")
    String exportfs();

}
