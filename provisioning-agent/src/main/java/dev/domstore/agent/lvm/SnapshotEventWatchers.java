package dev.domstore.agent.lvm;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.domstore.common.FailureReason;
import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.HostReachability;

/**
 * One background {@code dmsetup wait <dm name> <event nr>} per snapshot device, so that an event
 * (a snapshot overflowing and becoming invalid, a resize) is reported at once rather than at the
 * next poll. Each wait runs through the {@link HostCommandRunner} with a long timeout and is
 * restarted after it returns; a device that disappears ends its watcher, and {@link #watch}
 * starts or stops watchers to match the snapshots that exist. While the host does not answer,
 * a watcher waits quietly and tries again (the outage is logged once, by the telemetry). Needs
 * device-mapper: verified in the lab.
 */
public class SnapshotEventWatchers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SnapshotEventWatchers.class);
    private static final Duration INFO_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

    private final HostCommandRunner runner;
    private final Duration waitTimeout;
    private final Runnable onEvent;
    private final Map<String, Thread> watchers = new HashMap<>();
    private boolean closed;

    /**
     * @param waitTimeout the longest one {@code dmsetup wait} runs before it is restarted
     * @param onEvent     called after every event (a usage report right away)
     */
    public SnapshotEventWatchers(HostCommandRunner runner, Duration waitTimeout, Runnable onEvent) {
        this.runner = runner;
        this.waitTimeout = waitTimeout;
        this.onEvent = onEvent;
    }

    /** Watches exactly these device-mapper devices: starts a watcher for each new (or ended) one, stops those no longer listed. */
    public synchronized void watch(Collection<String> dmNames) {
        if (closed) {
            return;
        }
        Set<String> wanted = Set.copyOf(dmNames);
        watchers.entrySet().removeIf(entry -> {
            if (!wanted.contains(entry.getKey())) {
                entry.getValue().interrupt();
                return true;
            }
            return !entry.getValue().isAlive();
        });
        for (String name : wanted) {
            watchers.computeIfAbsent(name, this::start);
        }
    }

    public synchronized Set<String> watched() {
        return Set.copyOf(watchers.keySet());
    }

    @Override
    public synchronized void close() {
        closed = true;
        watchers.values().forEach(Thread::interrupt);
        watchers.clear();
    }

    private Thread start(String dmName) {
        Thread thread = new Thread(() -> watchLoop(dmName), "dmsetup-wait-" + dmName);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void watchLoop(String dmName) {
        LOG.debugf("Watching device-mapper events of %s", dmName);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                HostCommandResult info = runner.probe(Dmsetup.eventNumber(dmName), INFO_TIMEOUT);
                OptionalInt event = info.succeeded() ? Dmsetup.parseEventNumber(info.stdout()) : OptionalInt.empty();
                if (event.isEmpty()) {
                    LOG.debugf("%s is gone (%s); no longer watching it", dmName, info.stderr().strip());
                    return;
                }
                HostCommandResult waited = runner.probe(Dmsetup.waitForEvent(dmName, event.getAsInt()), waitTimeout);
                if (waited.succeeded()) {
                    LOG.infof("device-mapper event on %s (after event %d): reporting snapshot usage now", dmName, event.getAsInt());
                    onEvent.run();
                } else {
                    LOG.debugf("dmsetup wait %s exited with %d: %s", dmName, waited.exitCode(), waited.stderr().strip());
                    Thread.sleep(RETRY_AFTER_FAILURE.toMillis());
                }
            } catch (HostOperationException e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                if (HostReachability.unreachableCause(e).isPresent()) {
                    LOG.debugf("Watching %s waits: the host does not answer (%s)", dmName, e.getMessage());
                    if (!sleep(RETRY_AFTER_FAILURE)) {
                        return;
                    }
                    continue;
                }
                if (e.reason() != FailureReason.TIMEOUT) {
                    LOG.warnf("Watching %s failed, retrying: %s", dmName, e.getMessage());
                    if (!sleep(RETRY_AFTER_FAILURE)) {
                        return;
                    }
                }
                // A wait that reached its timeout is simply restarted.
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Watching %s failed unexpectedly, retrying", dmName);
                if (!sleep(RETRY_AFTER_FAILURE)) {
                    return;
                }
            }
        }
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
