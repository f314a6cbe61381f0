package dev.domstore.hostexec;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

/**
 * Whether each managed host answers, and the one retry loop of a service for a host that does not.
 * A host reached through its guest agent is sometimes away for a while (QEMU restarted, the guest
 * still booting, its agent not yet running): that says nothing about the command being carried
 * out, so the command is neither failed nor acknowledged but tried again, with a growing pause,
 * until the host answers ({@link #retryUntilReachable}); the service skips its reports meanwhile.
 * Each outage is logged once as it begins and once as it ends, however many tries and reports fall
 * into it.
 *
 * <p>A plain class: each service makes one with its configured pauses ({@code unreachable-retry}
 * and {@code unreachable-retry-max}) and calls {@link #stop()} when it shuts down.
 */
public class HostReachability {
    private static final Logger LOG = Logger.getLogger(HostReachability.class);
    /** How deep a chain of causes is searched: far deeper than any real one, and a loop of causes still ends. */
    private static final int MAX_CAUSES = 50;

    private final Duration firstPause;
    private final Duration longestPause;
    private final Sleeper sleeper;
    /** Per host: System.nanoTime() when its current outage was first seen; absent while it answers. */
    private final Map<String, Long> unreachableSince = new ConcurrentHashMap<>();
    private final Object pauses = new Object();
    private volatile boolean stopping;

    public HostReachability(Duration firstPause, Duration longestPause) {
        this(firstPause, longestPause, null);
    }

    /** {@code sleeper}: how pauses are waited out (tests pass one that records them); null: really wait. */
    public HostReachability(Duration firstPause, Duration longestPause, Sleeper sleeper) {
        if (firstPause.isNegative() || firstPause.isZero() || longestPause.compareTo(firstPause) < 0) {
            throw new IllegalStateException("The first pause before a host that does not answer is tried again (unreachable-retry, "
                    + firstPause + ") must be positive and no longer than the longest one (unreachable-retry-max, " + longestPause + ")");
        }
        this.firstPause = firstPause;
        this.longestPause = longestPause;
        this.sleeper = sleeper == null ? this::pause : sleeper;
    }

    /** Waits out one pause between two tries. */
    public interface Sleeper {
        void sleep(Duration pause, String what, HostUnreachableException cause);
    }

    /**
     * {@code action}'s answer, once host {@code hostId} answers: every failure caused by a
     * {@link HostUnreachableException} is followed by a pause (the first one short, then doubling up
     * to the longest) and another try; any other failure is thrown as it is. Only {@link #stop()}
     * ends the tries early, with a {@link StoppedWhileUnreachableException}.
     */
    public <T> T retryUntilReachable(String hostId, String what, Supplier<T> action) {
        Duration pause = firstPause;
        while (true) {
            try {
                T answer = action.get();
                answered(hostId);
                return answer;
            } catch (RuntimeException e) {
                HostUnreachableException unreachable = unreachableCause(e).orElseThrow(() -> e);
                unreachable(hostId, what, unreachable);
                sleeper.sleep(pause, what, unreachable);
                Duration doubled = pause.multipliedBy(2);
                pause = doubled.compareTo(longestPause) > 0 ? longestPause : doubled;
            }
        }
    }

    /** Host {@code hostId} did not answer while doing {@code what}; logged when an outage begins, at debug level after. */
    public void unreachable(String hostId, String what, HostUnreachableException e) {
        if (unreachableSince.putIfAbsent(hostId, System.nanoTime()) != null) {
            LOG.debugf("Host %s still does not answer (%s): %s", hostId, what, e.getMessage());
            return;
        }
        LOG.warnf("Host %s does not answer (%s): %s. Its commands wait and are tried again, and its reports are skipped, "
                + "until it answers.", hostId, what, e.getMessage());
    }

    /** Host {@code hostId} answered; ends its outage, if there was one. */
    public void answered(String hostId) {
        Long since = unreachableSince.remove(hostId);
        if (since != null) {
            LOG.infof("Host %s answers again, after %d s", hostId, Duration.ofNanos(System.nanoTime() - since).toSeconds());
        }
    }

    /** How long host {@code hostId} has not been answering; empty while it answers. */
    public Optional<Duration> unreachableFor(String hostId) {
        return Optional.ofNullable(unreachableSince.get(hostId)).map(since -> Duration.ofNanos(System.nanoTime() - since));
    }

    /** The {@link HostUnreachableException} that caused {@code failure} (it, or one of its causes), if any. */
    public static Optional<HostUnreachableException> unreachableCause(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof HostUnreachableException) {
                return Optional.of((HostUnreachableException) cause);
            }
        }
        return Optional.empty();
    }

    /**
     * For code that turns a failure into an answer (an empty list, a size it cannot tell, a failed
     * command): a host that did not answer is not an answer, so its failure goes on up to the retry
     * loop or the reporter that skips.
     */
    public static void rethrowIfUnreachable(Throwable failure) {
        Optional<HostUnreachableException> unreachable = unreachableCause(failure);
        if (unreachable.isPresent()) {
            throw failure instanceof RuntimeException && failure == unreachable.get() ? (RuntimeException) failure : unreachable.get();
        }
    }

    /**
     * Wakes every command waiting for its host, and every one that would wait from now on: it is
     * given up (neither failed nor acknowledged), to be taken again on the next start. For the
     * service's shutdown.
     */
    public void stop() {
        stopping = true;
        synchronized (pauses) {
            pauses.notifyAll();
        }
    }

    private void pause(Duration pause, String what, HostUnreachableException cause) {
        long deadline = System.nanoTime() + pause.toNanos();
        synchronized (pauses) {
            while (!stopping) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    pauses.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoppedWhileUnreachableException(what + " was interrupted while its host did not answer", cause);
                }
            }
        }
        throw new StoppedWhileUnreachableException("Stopping while the host does not answer: " + what
                + " is given up for now, and tried again after the next start", cause);
    }

    /** The service stopped (or the thread was interrupted) while waiting for a host: what was asked is not done, nor failed. */
    public static class StoppedWhileUnreachableException extends RuntimeException {
        StoppedWhileUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
