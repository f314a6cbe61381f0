package dev.domstore.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * What a test needs of this machine: root, loop devices, a tool. Where it is missing, the test is
 * skipped and says why, except in CI ({@code CI=true}), where it fails: the host and lab tests are
 * the proof that domstore works on real kernels, and a CI run that quietly skipped them would prove
 * nothing. {@code .ci/run} installs and starts everything they need.
 */
public final class Prerequisites {
    private static final List<String> TOOL_DIRECTORIES = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Prerequisites() {
    }

    /** Whether this is a CI run, where a missing prerequisite fails the test. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips {@code test} (fails it in CI) unless {@code met}; {@code why} says what is missing and how to have it. */
    public static void require(Class<?> test, boolean met, String why) {
        if (met) {
            return;
        }
        if (inCi()) {
            throw new AssertionFailedError(test.getSimpleName() + " cannot run, and CI=true does not let it skip: " + why);
        }
        String message = "SKIPPED " + test.getSimpleName() + ": " + why;
        System.out.println(message);
        Assumptions.abort(message);
    }

    /** {@code needs}: what the test does that needs root, such as "losetup and mount". */
    public static void requireRoot(Class<?> test, String needs) {
        require(test, runningAsRoot(), needs + " need root, and this test runs as " + System.getProperty("user.name"));
    }

    /** Loop devices: root and {@code /dev/loop-control}. */
    public static void requireLoopDevices(Class<?> test, String needs) {
        requireRoot(test, needs);
        require(test, Files.exists(Path.of("/dev/loop-control")), needs + " need loop devices, and /dev/loop-control does not exist "
                + "(modprobe loop)");
    }

    /** {@code tool} in one of the system's program directories; {@code installHint} says how to install it. */
    public static void requireTool(Class<?> test, String tool, String installHint) {
        boolean found = TOOL_DIRECTORIES.stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        require(test, found, tool + " is not installed (" + installHint + ")");
    }

    public static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
