package dev.domstore.hostexec;

import java.time.Duration;
import java.util.List;

/** How a host command ended. {@code argv} is what really ran, the configured prefix included. */
public record HostCommandResult(List<String> argv, int exitCode, String stdout, String stderr, Duration duration) {

    public HostCommandResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
