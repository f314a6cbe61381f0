package dev.domstore.agent.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.file.ImageRoot;

/** The agent can only take FILE volumes while it can write images under its image root. */
@Readiness
@ApplicationScoped
public class ImageRootWritableCheck implements HealthCheck {
    private final ImageRoot imageRoot;

    public ImageRootWritableCheck(AgentConfig config) {
        this.imageRoot = ImageRoot.of(config.imageRoot());
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("image-root-writable")
                .status(imageRoot.isWritable())
                .withData("imageRoot", imageRoot.path().toString())
                .withData("checkedDirectory", imageRoot.nearestExistingDirectory().toString())
                .build();
    }
}
