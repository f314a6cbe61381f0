package dev.domstore.agent.health;

import java.nio.file.Path;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.hostexec.HostFiles;

/**
 * The agent can only take FILE volumes while it can write images under its image root, on the
 * managed host (always up for simulated hosts). A host that does not answer is down, with why.
 */
@Readiness
@ApplicationScoped
public class ImageRootWritableCheck implements HealthCheck {
    private final ImageRoot imageRoot;
    private final HostFiles files;
    private final boolean simulated;

    public ImageRootWritableCheck(AgentConfig config, HostFiles files) {
        this.imageRoot = ImageRoot.of(config.imageRoot());
        this.files = files;
        this.simulated = config.mode() == AgentConfig.Mode.SIMULATED;
    }

    @Override
    public HealthCheckResponse call() {
        if (simulated) {
            // Simulated hosts keep their images in memory: nothing is written under the image root.
            return HealthCheckResponse.named("image-root-writable").up().withData("simulated", true).build();
        }
        try {
            Path checked = imageRoot.nearestExistingDirectory(files);
            return HealthCheckResponse.named("image-root-writable")
                    .status(imageRoot.isWritable(files))
                    .withData("imageRoot", imageRoot.path().toString())
                    .withData("checkedDirectory", checked.toString())
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("image-root-writable").down()
                    .withData("imageRoot", imageRoot.path().toString())
                    .withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
