package dev.domstore.nfs.health;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.domstore.common.messages.ApplyExports;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.nfs.exportfs.Exportfs;
import dev.domstore.nfs.files.AppliedState;
import dev.domstore.nfs.files.ExportsFile;
import dev.domstore.nfs.service.ExportsApplier;

/**
 * Ready when this server can apply exports: exportfs is there, and the directories of the exports
 * file and of the state file are writable (or, not made yet, the directory they will be made in).
 * DOWN says why in {@code reason}. Also shows the applied revision and how many exports it has.
 *
 * <p>exportfs and the exports file are the managed host's, so they are looked at through the
 * runner and its {@link HostFiles} (inside the QEMU guest with the guest-agent transport; a guest
 * that does not answer is DOWN). The state file is the service's own, on this machine.
 */
@Readiness
@ApplicationScoped
public class NfsReadinessCheck implements HealthCheck {
    static final String NAME = "nfs-service";

    private final Exportfs exportfs;
    private final ExportsFile exportsFile;
    private final AppliedState state;
    private final ExportsApplier applier;
    private final HostFiles hostFiles;

    public NfsReadinessCheck(Exportfs exportfs, ExportsFile exportsFile, AppliedState state, ExportsApplier applier, HostFiles hostFiles) {
        this.exportfs = exportfs;
        this.exportsFile = exportsFile;
        this.state = state;
        this.applier = applier;
        this.hostFiles = hostFiles;
    }

    @Override
    public HealthCheckResponse call() {
        List<String> problems = new ArrayList<>();
        Exportfs.Availability tool = exportfs.availability();
        if (!tool.available()) {
            problems.add(tool.detail());
        }
        Path exportsDirectory = exportsFile.path().getParent();
        try {
            if (!writable(hostFiles, exportsDirectory)) {
                problems.add("the exports directory " + exportsDirectory + " is not writable (checked "
                        + nearestExisting(hostFiles, exportsDirectory) + ")");
            }
        } catch (HostOperationException e) {
            problems.add("cannot check the exports directory " + exportsDirectory + " on the managed host: " + e.getMessage());
        }
        Path stateDirectory = state.path().getParent();
        if (!writable(LocalHostFiles.INSTANCE, stateDirectory)) {
            problems.add("the state directory " + stateDirectory + " is not writable (checked "
                    + nearestExisting(LocalHostFiles.INSTANCE, stateDirectory) + ")");
        }
        Optional<ApplyExports> applied = applier.applied();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(problems.isEmpty())
                .withData("exportfs", tool.available() ? tool.detail() : "unavailable")
                .withData("exportsFile", exportsFile.path().toString())
                .withData("stateFile", state.path().toString())
                .withData("appliedRevision", applied.map(a -> Long.toString(a.revision())).orElse("none"))
                .withData("managedExports", applied.map(a -> a.exports().size()).orElse(0));
        if (!problems.isEmpty()) {
            response.withData("reason", String.join("; ", problems));
        }
        return response.build();
    }

    /** A directory that exists must be writable; one that does not yet, the closest existing directory above it. */
    static boolean writable(HostFiles files, Path directory) {
        if (files.exists(directory) && !files.isDirectory(directory)) {
            return false;
        }
        return files.isWritable(nearestExisting(files, directory));
    }

    static Path nearestExisting(HostFiles files, Path directory) {
        Path candidate = directory;
        while (candidate != null && !files.isDirectory(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate == null ? Path.of("/") : candidate;
    }
}
