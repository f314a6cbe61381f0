package dev.domstore.nfs.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.domstore.common.FailureReason;
import dev.domstore.common.exports.ExportInForce;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.ExportsApplied;
import dev.domstore.common.messages.ExportsApplyFailed;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.hostexec.HostCommandException;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.hostexec.HostUnreachableException;
import dev.domstore.nfs.config.NfsConfig;
import dev.domstore.nfs.directories.ExportDirectories;
import dev.domstore.nfs.domain.DesiredExports;
import dev.domstore.nfs.domain.ExportsDrift;
import dev.domstore.nfs.exportfs.Exportfs;
import dev.domstore.nfs.files.AppliedState;
import dev.domstore.nfs.files.ExportsFile;

/**
 * Carries out ApplyExports on this NFS server, one at a time, and says what is in force.
 *
 * <ol>
 * <li>validate the command again ({@link DesiredExports}): never trust a message;</li>
 * <li>a revision older than the applied one is ignored (answered with the applied revision);
 *     the same revision again is applied again, which is harmless and repairs drift;</li>
 * <li>check and make the directories ({@link ExportDirectories}); a missing one that may not be
 *     made fails the command before anything changed;</li>
 * <li>replace domstore's exports file atomically, then {@code exportfs -ra}; when exportfs fails
 *     or is missing, the previous file is put back (and re-exported if exportfs ran at all);</li>
 * <li>remember the applied command (state file), read back {@code exportfs -v} and answer.</li>
 * </ol>
 * Every outcome, failures included, becomes a result; nothing escapes to the consumer, except
 * {@link HostUnreachableException}: when the host does not answer (a QEMU guest reached through its
 * guest agent, being restarted), nothing can be said about the command, so it is thrown for the
 * caller to apply the same command again once the host answers ({@link HostReachability}).
 */
@ApplicationScoped
public class ExportsApplier {
    private static final Logger LOG = Logger.getLogger(ExportsApplier.class);

    private final String hostId;
    private final String exportRoot;
    private final Exportfs exportfs;
    private final ExportsFile exportsFile;
    private final AppliedState state;
    private final ExportDirectories directories;
    /** Whether the leftovers of an interrupted write were looked for; not yet when the host did not answer on start. */
    private boolean leftoversChecked;
    /**
     * What the exports file held before an apply that the host stopped answering in the middle of,
     * after the file may already have been replaced: the next apply puts that back if exportfs fails,
     * not the half-applied set it would read. Null when the last apply ended one way or another.
     */
    private Optional<String> beforeInterruptedApply;

    @Inject
    public ExportsApplier(NfsConfig config, Exportfs exportfs, ExportsFile exportsFile, AppliedState state, ExportDirectories directories) {
        this(config.hostId(), config.exportRoot(), exportfs, exportsFile, state, directories);
    }

    public ExportsApplier(String hostId, String exportRoot, Exportfs exportfs, ExportsFile exportsFile, AppliedState state,
            ExportDirectories directories) {
        this.hostId = hostId;
        this.exportRoot = exportRoot;
        this.exportfs = exportfs;
        this.exportsFile = exportsFile;
        this.state = state;
        this.directories = directories;
    }

    /** Removes what an interrupted write left behind; called on start, and again before the next apply if the host did not answer. */
    public synchronized void recover() {
        try {
            removeLeftovers();
        } catch (HostUnreachableException e) {
            // Logged once per outage by HostReachability, through whoever runs into it next.
            LOG.debugf("Cannot look for leftovers of an interrupted write of %s now, the host does not answer: %s. "
                    + "Looking again before the next command.", exportsFile.path(), e.getMessage());
        }
    }

    /** Throws HostUnreachableException when the host does not answer, so that a command waits for the leftovers to be looked for. */
    private void removeLeftovers() {
        try {
            exportsFile.removeLeftovers();
        } catch (IOException | HostOperationException e) {
            Optional<HostUnreachableException> unreachable = HostReachability.unreachableCause(e);
            if (unreachable.isPresent()) {
                throw unreachable.get();
            }
            LOG.warnf("Cannot look for leftovers of an interrupted write of %s: %s", exportsFile.path(), e.getMessage());
        }
        leftoversChecked = true;
    }

    /**
     * Applies the command; the result says how that went. Throws {@link HostUnreachableException}
     * (and nothing else) when the host did not answer: the same command is to be applied again.
     */
    public synchronized CommandResult apply(ApplyExports command) {
        String what = "ApplyExports " + command.commandId() + " (revision " + command.revision() + ")";
        boolean interrupted = false;
        try {
            if (!leftoversChecked) {
                removeLeftovers();
            }
            return applyOnce(command, what);
        } catch (HostUnreachableException e) {
            interrupted = true;
            LOG.debugf("%s is not done: the host does not answer (%s)", what, e.getMessage());
            throw e;
        } finally {
            if (!interrupted) {
                beforeInterruptedApply = null;
            }
        }
    }

    private CommandResult applyOnce(ApplyExports command, String what) {
        try {
            if (!hostId.equals(command.hostId())) {
                throw new InvalidInputException(InvalidInputException.Kind.FIELD, "hostId",
                        "The command is for host " + command.hostId() + ", this is " + hostId + ".");
            }
            List<ApplyExports.Export> desired = DesiredExports.validate(command, exportRoot);
            Optional<ApplyExports> applied = state.read();
            if (applied.isPresent() && command.revision() < applied.get().revision()) {
                LOG.infof("%s is older than revision %d, which is in force: ignored", what, applied.get().revision());
                return new ExportsApplied(UUID.randomUUID(), command.commandId(), hostId, Instant.now(), command.revision(),
                        applied.get().revision(), inForceBestEffort(applied.get().exports()));
            }
            directories.prepare(desired);
            ApplyExports canonical = new ApplyExports(command.commandId(), hostId, command.occurredAt(), command.revision(), desired);
            Optional<String> previous = beforeInterruptedApply != null ? beforeInterruptedApply : exportsFile.read();
            beforeInterruptedApply = previous;
            exportsFile.replace(DesiredExports.render(canonical, desired));
            reexportOrRestore(command.revision(), previous, applied);
            state.write(canonical);
            beforeInterruptedApply = null; // applied: from here on, the file holds what the state says
            List<ExportInForce> inForce = ExportsDrift.forPaths(exportfs.list(), paths(desired));
            LOG.infof("%s applied: %d export(s), %d client(s) in force", what, desired.size(), inForce.size());
            return new ExportsApplied(UUID.randomUUID(), command.commandId(), hostId, Instant.now(), command.revision(),
                    command.revision(), inForce);
        } catch (InvalidInputException e) {
            LOG.warnf("%s refused: %s: %s", what, e.field(), e.getMessage());
            return failed(command, FailureReason.INVALID_ARGUMENT, "The command is invalid at " + e.field() + ": " + e.getMessage());
        } catch (HostOperationException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.warnf("%s failed (%s): %s", what, e.reason(), e.getMessage());
            return failed(command, e.reason(), e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.errorf(e, "%s failed", what);
            return failed(command, FailureReason.INTERNAL, "The nfs-service could not read or write its files: " + e);
        } catch (RuntimeException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.errorf(e, "%s failed unexpectedly", what);
            return failed(command, FailureReason.INTERNAL, "The nfs-service failed unexpectedly: " + e);
        }
    }

    /**
     * What is in force now, against the applied set. What cannot be read is said in {@code error},
     * except that the host does not answer: that throws {@link HostUnreachableException}, as such a
     * report would say nothing about the host.
     */
    public synchronized ExportsReport report() {
        Optional<ApplyExports> applied = Optional.empty();
        String error = null;
        try {
            applied = state.read();
        } catch (IOException | RuntimeException e) {
            error = "Cannot read the applied revision: " + e.getMessage();
        }
        List<ExportInForce> inForce = List.of();
        ExportsReport.Drift drift = ExportsReport.Drift.NONE;
        try {
            inForce = exportfs.list();
            drift = ExportsDrift.compare(applied.map(ApplyExports::exports).orElse(List.of()), inForce, exportRoot);
        } catch (HostUnreachableException e) {
            throw e;
        } catch (HostOperationException e) {
            error = (error == null ? "" : error + " ") + "Cannot read the exports in force: " + e.getMessage();
        }
        return new ExportsReport(UUID.randomUUID(), hostId, Instant.now(), applied.map(ApplyExports::revision).orElse(null),
                inForce, drift, error, exportRoot);
    }

    /** The last applied command, for health; empty before the first or when the state cannot be read. */
    public Optional<ApplyExports> applied() {
        try {
            return state.read();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private void reexportOrRestore(long revision, Optional<String> previous, Optional<ApplyExports> applied) {
        try {
            exportfs.reexportAll();
        } catch (HostUnreachableException e) {
            // Whether exportfs ran is unknown, and nothing can be put back now: the command is applied again.
            throw e;
        } catch (HostOperationException e) {
            boolean ran = !(e instanceof HostCommandException command) || command.outcome() != HostCommandException.Outcome.NOT_STARTED;
            String restored = restore(previous, applied, ran);
            if (!ran) {
                throw new HostOperationException(FailureReason.NOT_FOUND, "exportfs is missing on this host, so revision " + revision
                        + " is not in force: " + e.getMessage() + ". Install the NFS server (Debian: nfs-kernel-server) or set "
                        + "domstore.nfs.exportfs to its path. " + restored, e);
            }
            FailureReason reason = e.getMessage().contains("unknown keyword") ? FailureReason.INVALID_ARGUMENT : e.reason();
            throw new HostOperationException(reason, "exportfs failed, so revision " + revision + " is not in force: "
                    + e.getMessage() + ". " + restored, e);
        }
    }

    /** Puts the previous exports file back; returns a sentence saying what happened, for the failure message. */
    private String restore(Optional<String> previous, Optional<ApplyExports> applied, boolean exportfsRan) {
        String before = applied.map(a -> "revision " + a.revision()).orElse("none applied");
        try {
            exportsFile.restore(previous);
        } catch (IOException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.errorf(e, "Cannot restore %s", exportsFile.path());
            return "Restoring the previous exports file failed too (" + e + "): " + exportsFile.path() + " holds the new set.";
        }
        String sentence = previous.isPresent()
                ? "The previous exports file (" + before + ") was put back."
                : "The exports file was removed again, as there was none before.";
        if (exportfsRan) {
            try {
                exportfs.reexportAll();
            } catch (HostOperationException again) {
                HostReachability.rethrowIfUnreachable(again);
                LOG.warnf("Re-exporting after restoring %s failed too: %s", exportsFile.path(), again.getMessage());
                sentence += " Re-exporting it failed as well: " + again.getMessage();
            }
        }
        return sentence;
    }

    private List<ExportInForce> inForceBestEffort(List<ApplyExports.Export> exports) {
        try {
            return ExportsDrift.forPaths(exportfs.list(), paths(exports));
        } catch (HostOperationException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.warnf("Cannot read the exports in force: %s", e.getMessage());
            return List.of();
        }
    }

    private static Set<String> paths(List<ApplyExports.Export> exports) {
        return exports.stream().map(ApplyExports.Export::path).collect(Collectors.toSet());
    }

    private ExportsApplyFailed failed(ApplyExports command, FailureReason reason, String message) {
        return new ExportsApplyFailed(UUID.randomUUID(), command.commandId(), hostId, Instant.now(), command.revision(), reason, message);
    }
}
