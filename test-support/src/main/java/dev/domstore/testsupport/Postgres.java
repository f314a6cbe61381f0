package dev.domstore.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real PostgreSQL server (local-infra's embedded binaries) in a child process on a random loopback port. */
public final class Postgres implements AutoCloseable {
    public static final String DATABASE = "domstore";
    public static final String USER = "postgres";

    private final Path dataDir;
    private final int port;
    private final ChildProcess process;

    private Postgres(Path dataDir) {
        this.dataDir = dataDir;
        this.port = FreePorts.find();
        this.process = ChildProcess.start("postgres", List.of(ProjectPaths.javaExecutable(), "-Xmx64m", "-XX:+UseSerialGC",
                        "-cp", ProjectPaths.localInfraClasspath(), "dev.domstore.localinfra.LocalPostgres",
                        "--port", Integer.toString(port), "--data-dir", dataDir.resolve("data").toString(),
                        "--database", DATABASE),
                Map.of(), dataDir.resolve("postgres.log"));
        process.awaitReady(() -> process.logContains("READY "), Duration.ofSeconds(90));
    }

    public static Postgres start() {
        return new Postgres(TempDirs.create("postgres"));
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    @Override
    public void close() {
        process.close();
        TempDirs.deleteRecursively(dataDir);
    }
}
