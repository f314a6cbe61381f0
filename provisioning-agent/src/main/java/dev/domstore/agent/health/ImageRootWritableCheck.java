package dev.domstore.agent.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.file.ImageRoot;

/** The agent can only take FILE volumes while it can write images under its image root (always up for simulated hosts). */
@Readiness
@ApplicationScoped
public class ImageRootWritableCheck implements HealthCheck {
    private final ImageRoot imageRoot;
    private final boolean simulated;

    public ImageRootWritableCheck(AgentConfig config) {
        this.imageRoot = ImageRoot.of(config.imageRoot());
        this.simulated = config.mode() == AgentConfig.Mode.SIMULATED;
    }

    @Override
    public HealthCheckResponse call() {
        if (simulated) {
            // Simulated hosts keep their images in memory: nothing is written under the image root.
            return HealthCheckResponse.named("image-root-writable").up().withData("simulated", true).build();
        }
        return HealthCheckResponse.named("image-root-writable")
                .status(imageRoot.isWritable())
                .withData("imageRoot", imageRoot.path().toString())
                .withData("checkedDirectory", imageRoot.nearestExistingDirectory().toString())
                .build();
    }
}
