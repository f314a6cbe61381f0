package dev.domstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout is, and the runtime class path of the local-infra module built in it. */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    /** The directory holding the root pom: from {@code domstore.project.root}, else found upwards from the working directory. */
    public static Path root() {
        String configured = System.getProperty("domstore.project.root");
        if (configured != null && Files.exists(Path.of(configured, "local-infra", "pom.xml"))) {
            return Path.of(configured).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("local-infra").resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("Cannot find the domstore checkout above " + Path.of("").toAbsolutePath());
    }

    /** local-infra's classes and dependencies; it must have been built ({@code ./mvnw package}). */
    public static String localInfraClasspath() {
        Path module = root().resolve("local-infra");
        Path cp = module.resolve("target").resolve("cp.txt");
        Path classes = module.resolve("target").resolve("classes");
        if (!Files.exists(cp) || !Files.isDirectory(classes)) {
            throw new IllegalStateException("local-infra is not built (" + cp + " missing): run ./mvnw -pl local-infra package first");
        }
        try {
            return classes + java.io.File.pathSeparator + Files.readString(cp).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The java launcher of the JVM running the tests, so children run on the same JDK. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
