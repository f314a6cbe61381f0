package dev.domstore.nfs.service;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.domstore.hostexec.HostUnreachableException;
import dev.domstore.nfs.config.NfsConfig;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Whether the NFS server host answers. A host reached through a guest agent is sometimes away for a
 * while (QEMU restarted, the guest still booting, its agent not yet running): that says nothing
 * about the command being applied, so the command is neither failed nor acknowledged but tried
 * again, with a growing pause, until the host answers; reports are skipped meanwhile. Each outage
 * is logged once as it begins and once as it ends, however many tries and reports fall into it.
 */
@ApplicationScoped
public class HostReachability {
    private static final Logger LOG = Logger.getLogger(HostReachability.class);

    private final Duration firstPause;
    private final Duration longestPause;
    private final Object pauses = new Object();
    /** System.nanoTime() when the current outage was first seen; null while the host answers. */
    private Long unreachableSince;
    private volatile boolean stopping;

    @Inject
    public HostReachability(NfsConfig config) {
        this(config.unreachableRetry(), config.unreachableRetryMax());
    }

    public HostReachability(Duration firstPause, Duration longestPause) {
        if (firstPause.isNegative() || firstPause.isZero() || longestPause.compareTo(firstPause) < 0) {
            throw new IllegalStateException("domstore.nfs.unreachable-retry must be positive and no longer than "
                    + "domstore.nfs.unreachable-retry-max (" + firstPause + ", " + longestPause + ")");
        }
        this.firstPause = firstPause;
        this.longestPause = longestPause;
    }

    /**
     * {@code action}'s answer, once the host answers: every {@link HostUnreachableException} is
     * followed by a pause (the first one long, then doubling up to the longest) and another try.
     * Only stopping the service ends the tries early, with a {@link StoppedWhileUnreachableException}.
     */
    public <T> T retryUntilReachable(String what, Supplier<T> action) {
        Duration pause = firstPause;
        while (true) {
            try {
                T answer = action.get();
                answered();
                return answer;
            } catch (HostUnreachableException e) {
                unreachable(what, e);
                sleep(pause, what, e);
                Duration doubled = pause.multipliedBy(2);
                pause = doubled.compareTo(longestPause) > 0 ? longestPause : doubled;
            }
        }
    }

    /** The host did not answer while doing {@code what}; logged when an outage begins, at debug level after. */
    public void unreachable(String what, HostUnreachableException e) {
        synchronized (this) {
            if (unreachableSince != null) {
                LOG.debugf("The NFS server host still does not answer (%s): %s", what, e.getMessage());
                return;
            }
            unreachableSince = System.nanoTime();
        }
        LOG.warnf("The NFS server host does not answer (%s): %s. Commands wait and are tried again, and exports reports are "
                + "skipped, until it answers.", what, e.getMessage());
    }

    /** The host answered; ends an outage, if there was one. */
    public void answered() {
        long since;
        synchronized (this) {
            if (unreachableSince == null) {
                return;
            }
            since = unreachableSince;
            unreachableSince = null;
        }
        LOG.infof("The NFS server host answers again, after %d s", Duration.ofNanos(System.nanoTime() - since).toSeconds());
    }

    /** How long the host has not been answering; empty while it answers. */
    public synchronized Optional<Duration> unreachableFor() {
        return unreachableSince == null ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - unreachableSince));
    }

    /** Wakes any command waiting for the host: it is given up (not acknowledged), and taken again on the next start. */
    void stop(@Observes ShutdownEvent shutdown) {
        stop();
    }

    public void stop() {
        stopping = true;
        synchronized (pauses) {
            pauses.notifyAll();
        }
    }

    private void sleep(Duration pause, String what, HostUnreachableException cause) {
        long deadline = System.nanoTime() + pause.toNanos();
        synchronized (pauses) {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    pauses.wait(Math.max(1, left / 1_000_000), 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoppedWhileUnreachableException(what + " was interrupted while the NFS server host did not answer", cause);
                }
            }
        }
        throw new StoppedWhileUnreachableException("The service is stopping while the NFS server host does not answer: " + what
                + " is given up for now, and tried again after the next start", cause);
    }

    /** The service stopped (or the thread was interrupted) while waiting for the host: what was asked is not done, nor failed. */
    public static class StoppedWhileUnreachableException extends RuntimeException {
        StoppedWhileUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
