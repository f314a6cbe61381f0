package dev.domstore.guard.domain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.guard.policy.Decision;
import dev.domstore.guard.policy.EffectivePolicy;
import dev.domstore.guard.policy.ExtendPolicy;
import dev.domstore.guard.policy.FillEstimate;
import dev.domstore.guard.policy.FillRate;
import dev.domstore.guard.policy.Outstanding;
import dev.domstore.guard.policy.PolicyOverrides;
import dev.domstore.guard.policy.PolicyParams;
import dev.domstore.guard.policy.Situation;
import dev.domstore.guard.policy.SnapshotFacts;
import dev.domstore.guard.policy.VgCapacity;

/**
 * The guard's state and its decisions, without Kafka: the worker feeds it usage records (rebuilt
 * or live) and the extend requests found on the topic; it decides through {@link ExtendPolicy}
 * and hands requests to a {@link RequestSink}.
 *
 * <p>One growth step, (volume id, fromCowBytes), is asked for once: the {@link RequestLedger} holds
 * every step asked for (by this instance, or found on {@code domstore.extend-requests} when a
 * partition was assigned) until a usage report shows a larger area. While a step is outstanding it
 * is asked for again only after the policy's retry timeout. A repeat is safe because the inventory
 * acts on a step once, and only while the snapshot still has {@code fromCowBytes}: a repeat of a
 * step it already acted on, or of a step that is done, changes nothing.
 *
 * <p>Not thread-safe: called by one worker thread. Metrics and the REST view read the
 * {@link SnapshotState}s concurrently through their volatile fields.
 */
public final class GuardEngine {
    private static final Logger LOG = Logger.getLogger(GuardEngine.class);

    /** Publishes a request and waits for the broker's acknowledgement; false when it could not. */
    @FunctionalInterface
    public interface RequestSink {
        boolean publish(SnapshotExtendRequested request);
    }

    private final Map<UUID, SnapshotState> states = new ConcurrentHashMap<>();
    private final RequestLedger ledger = new RequestLedger();
    private final EngineSettings settings;
    private final PolicyParams defaults;
    private final PolicyOverrides overrides;
    private final VolumeGroupSpaces spaces;
    private final ReactionTimes reactions;
    private final RequestSink sink;
    private final SnapshotObserver observer;
    private final Clock clock;

    public GuardEngine(EngineSettings settings, PolicyParams defaults, PolicyOverrides overrides, VolumeGroupSpaces spaces,
            RequestSink sink, SnapshotObserver observer, Clock clock) {
        this.settings = settings;
        this.defaults = defaults;
        this.overrides = overrides;
        this.spaces = spaces;
        this.sink = sink;
        this.observer = observer;
        this.clock = clock;
        this.reactions = new ReactionTimes(seconds(settings.defaultReactionTime()), settings.reactionRiseWeight(),
                settings.reactionFallWeight(), seconds(settings.maxReactionTime()));
    }

    /** A record read while rebuilding a partition's state: remembered, not acted on. */
    public void rebuilt(int partition, UUID key, SnapshotUsage usage) {
        apply(partition, key, usage, false);
    }

    /** Once a partition is rebuilt: decide for each of its snapshots whose last report is recent. */
    public void rebuildDone(Collection<Integer> partitions) {
        Instant now = clock.instant();
        Instant staleBefore = now.minus(settings.staleAfter());
        for (SnapshotState state : states.values()) {
            if (!partitions.contains(state.partition())) {
                continue;
            }
            if (state.last().occurredAt().isBefore(staleBefore)) {
                LOG.debugf("No decision for snapshot %s (volume %s) after the rebuild: its last report is from %s, older than %s",
                        state.displayName(), state.volumeId(), state.last().occurredAt(), settings.staleAfter());
                continue;
            }
            evaluate(state, now);
        }
    }

    /**
     * A live record: remembered and acted on. Returns the decision, or null when the record changed
     * nothing (a tombstone, a duplicate). Requests are logged at INFO once published, every other
     * decision at DEBUG, an invalid snapshot once at WARN, entering AT RISK at WARN.
     */
    public Decision live(int partition, UUID key, SnapshotUsage usage) {
        SnapshotState state = apply(partition, key, usage, true);
        return state == null ? null : evaluate(state, clock.instant());
    }

    /** A request found on {@code domstore.extend-requests} (this instance's, another's, or a predecessor's). */
    public void requestSeen(SnapshotExtendRequested request) {
        SnapshotState state = states.get(request.volumeId());
        if (state != null && state.last().cowSizeBytes() > request.fromCowBytes()) {
            return; // already done
        }
        ledger.record(request.volumeId(), new Outstanding(request.fromCowBytes(), request.toCowBytes(),
                request.occurredAt() != null ? request.occurredAt() : clock.instant()));
    }

    /** The partitions went to another instance (or were lost): forget their snapshots. */
    public void dropPartitions(Collection<Integer> partitions) {
        states.values().removeIf(state -> {
            if (partitions.contains(state.partition())) {
                observer.forgotten(state);
                return true;
            }
            return false;
        });
    }

    public void forgetAll() {
        states.values().forEach(observer::forgotten);
        states.clear();
    }

    /** Forgets requests older than {@code cutoff} (longer ago than any retry timeout). */
    public void pruneLedger(Instant cutoff) {
        ledger.pruneBefore(cutoff);
    }

    public Collection<SnapshotState> snapshots() {
        return states.values();
    }

    public Optional<SnapshotState> snapshot(UUID volumeId) {
        return Optional.ofNullable(states.get(volumeId));
    }

    public ReactionTimes reactions() {
        return reactions;
    }

    /** The steps asked for and not seen done. */
    public Optional<Outstanding> outstanding(UUID volumeId) {
        SnapshotState state = states.get(volumeId);
        return state == null ? Optional.empty() : Optional.ofNullable(ledger.outstanding(volumeId, state.last().cowSizeBytes()));
    }

    public int ledgerSize() {
        return ledger.size();
    }

    public long countAtRisk() {
        return states.values().stream().filter(SnapshotState::atRisk).count();
    }

    public long countInvalid() {
        return states.values().stream().filter(SnapshotState::invalid).count();
    }

    private SnapshotState apply(int partition, UUID key, SnapshotUsage usage, boolean live) {
        if (usage == null) {
            SnapshotState gone = key == null ? null : states.remove(key);
            if (gone != null) {
                LOG.infof("Snapshot %s (volume %s) is gone (tombstone on the usage topic): no longer watched",
                        gone.displayName(), key);
                observer.forgotten(gone);
            }
            return null;
        }
        SnapshotState state = states.get(usage.volumeId());
        boolean created = state == null;
        if (created) {
            state = new SnapshotState(usage.volumeId(), partition);
        }
        SnapshotUsage previous = state.last();
        if (!state.accept(usage, partition, settings.longWindow())) {
            LOG.debugf("Usage of snapshot %s (volume %s) from %s is not newer than the last one: a duplicate, ignored",
                    state.displayName(), usage.volumeId(), usage.occurredAt());
            return null;
        }
        if (created) {
            states.put(usage.volumeId(), state);
            observer.watching(state);
        }
        if (previous == null || usage.cowSizeBytes() > previous.cowSizeBytes()) {
            Instant now = clock.instant();
            Optional<Outstanding> done = ledger.closeBelow(usage.volumeId(), usage.cowSizeBytes());
            spaces.done(usage.hostId(), usage.volumeGroup(), usage.volumeId(), usage.cowSizeBytes(), now);
            if (live && previous != null && done.isPresent()) {
                double sample = Duration.between(done.get().requestedAt(), now).toMillis() / 1000.0;
                double average = reactions.observe(usage.hostId(), sample);
                observer.reactionMeasured(usage.hostId(), sample, average);
                LOG.debugf("Snapshot %s (volume %s) grew to %d bytes %.2f s after the request; host %s now reacts in %.2f s",
                        state.displayName(), usage.volumeId(), usage.cowSizeBytes(), sample, usage.hostId(), average);
            }
        }
        return state;
    }

    private Decision evaluate(SnapshotState state, Instant now) {
        SnapshotUsage usage = state.last();
        EffectivePolicy policy = EffectivePolicy.of(defaults, overrides.forVolume(state.volumeId()));
        FillEstimate fill = FillRate.estimate(state.samples(), usage.cowSizeBytes(), settings.shortWindow(),
                settings.longWindow(), settings.maxDetectionInterval());
        VgCapacity vg = spaces.capacity(usage.hostId(), usage.volumeGroup(), settings.defaultExtentBytes(), now);
        Outstanding outstanding = ledger.outstanding(state.volumeId(), usage.cowSizeBytes());
        Situation situation = new Situation(SnapshotFacts.of(usage), fill, vg, outstanding, reactions.seconds(usage.hostId()), now);
        Decision decision = ExtendPolicy.decide(situation, policy.params());
        state.decided(fill, decision, now, policy);
        report(state, decision, policy);
        if (decision.request()) {
            publish(state, decision, now, policy);
        }
        return decision;
    }

    private void publish(SnapshotState state, Decision decision, Instant now, EffectivePolicy policy) {
        SnapshotUsage usage = state.last();
        SnapshotExtendRequested request = new SnapshotExtendRequested(UUID.randomUUID(), state.volumeId(), usage.hostId(), now,
                decision.fromCowBytes(), decision.toCowBytes(), usage.dataPercent(), decision.reason().name(),
                decision.secondsToFull());
        if (sink.publish(request)) {
            ledger.record(state.volumeId(), new Outstanding(decision.fromCowBytes(), decision.toCowBytes(), now));
            spaces.hold(usage.hostId(), usage.volumeGroup(), state.volumeId(), decision.fromCowBytes(),
                    decision.toCowBytes() - decision.fromCowBytes(), now);
            observer.requested(state, decision);
            LOG.infof("Extend requested (%s%s) for %s: %s; %s", decision.reason(), decision.retry() ? ", retry" : "", who(state),
                    decision.explanation(), policy.describe());
        } else {
            LOG.warnf("Extend request (%s) for %s could NOT be published; the next usage report tries again: %s; %s",
                    decision.reason(), who(state), decision.explanation(), policy.describe());
            observer.publishFailed(state);
        }
    }

    private void report(SnapshotState state, Decision decision, EffectivePolicy policy) {
        SnapshotUsage usage = state.last();
        String who = who(state);
        if (decision.reason() == Decision.Reason.INVALID) {
            if (state.firstInvalidNotice()) {
                LOG.warnf("INVALID %s: attr %s, %.2f%% full: %s. It is never extended; logged once. (%s)", who, usage.attr(),
                        usage.dataPercent(), decision.explanation(), policy.describe());
                observer.invalidated(state);
            } else {
                LOG.debugf("No action for %s: invalid", who);
            }
            return;
        }
        boolean disabled = decision.reason() == Decision.Reason.DISABLED;
        if (state.disabledChanged(disabled)) {
            if (disabled) {
                LOG.infof("Guard OFF for %s (DISABLED): %s; %s. No extend request is ever made for it while its policy says so "
                        + "(LVM's dmeventd, or nobody, manages it); logged once.", who, decision.explanation(), policy.describe());
            } else {
                LOG.infof("Guard ON again for %s: %s", who, policy.describe());
            }
        }
        if (state.atRiskChanged(decision.atRisk())) {
            if (decision.atRisk()) {
                LOG.warnf("AT RISK %s %s: %s; %s", who, risks(decision.risks()), decision.explanation(), policy.describe());
            } else {
                LOG.infof("No longer at risk: %s", who);
            }
        }
        if (!decision.request() && LOG.isDebugEnabled()) {
            LOG.debugf("No action (%s) for %s: %s; %s", decision.reason(), who, decision.explanation(), policy.describe());
        }
    }

    private static String who(SnapshotState state) {
        return "snapshot " + state.displayName() + " (volume " + state.volumeId() + ", host " + state.last().hostId() + ")";
    }

    private static String risks(Set<Decision.Risk> risks) {
        return List.copyOf(risks).toString();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
