package dev.domstore.hostexec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

/**
 * How a service reaches the host it manages, written {@code local} or {@code guest-agent} in its
 * configuration: local processes, optionally behind a command prefix (such as
 * {@code nsenter -t 1 -m --} in a container), or the agent socket of a QEMU guest. Every service
 * that manages a host has the same three settings under its own prefix {@code p}:
 * {@code p.transport}, {@code p.guest-agent-socket} and {@code p.command-prefix}.
 */
public enum HostTransport {
    LOCAL,
    GUEST_AGENT;

    private static final Logger LOG = Logger.getLogger(HostTransport.class);

    /**
     * The runner for a service's settings under {@code settings} (for example {@code domstore.agent});
     * a combination that cannot work is refused as {@link #check} refuses it.
     */
    public HostCommandRunner runner(String settings, Optional<Path> socket, List<String> prefix, Duration timeout,
            Map<String, String> environment) {
        check(settings, socket, prefix);
        if (this == LOCAL) {
            return new HostCommandRunner(prefix, timeout, environment);
        }
        LOG.infof("The managed host is a QEMU guest: every command and file access goes through its guest agent at %s", socket.get());
        return HostCommandRunner.overGuestAgent(socket.get(), timeout, environment);
    }

    /** An {@link IllegalStateException} naming the settings to fix (environment variable and property) if these cannot work. */
    public void check(String settings, Optional<Path> socket, List<String> prefix) {
        if (this == LOCAL) {
            return;
        }
        if (socket.isEmpty()) {
            throw new IllegalStateException(settings + ".transport is guest-agent, but " + setting(settings, "guest-agent-socket")
                    + " is not set: set it to the host end of the managed guest's qemu-guest-agent channel (a unix socket, for example "
                    + "/run/qemu/vm1/qga.sock), or set " + variable(settings, "transport") + "=local");
        }
        if (!prefix.isEmpty()) {
            throw new IllegalStateException(setting(settings, "command-prefix") + " is set to " + prefix + ", but with the guest-agent "
                    + "transport commands run inside the guest, as its guest agent runs them, where no prefix applies: unset it");
        }
    }

    private static String setting(String settings, String name) {
        return variable(settings, name) + " (" + settings + "." + name + ")";
    }

    private static String variable(String settings, String name) {
        return (settings + "." + name).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
