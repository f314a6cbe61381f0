package dev.domstore.agent;

import java.nio.file.Path;
import java.util.Map;

import dev.domstore.testsupport.TempDirs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Gives the agent under test an image root and a state directory of its own under the temporary directory, removed afterwards. */
public class TemporaryImageRoot implements QuarkusTestResourceLifecycleManager {
    private Path directory;

    @Override
    public Map<String, String> start() {
        directory = TempDirs.create("agent");
        // One level down and not yet there: the agent must make them on first use.
        return Map.of("domstore.agent.image-root", directory.resolve("images").toString(),
                "domstore.agent.state-dir", directory.resolve("state").toString());
    }

    @Override
    public void stop() {
        TempDirs.deleteRecursively(directory);
    }
}
