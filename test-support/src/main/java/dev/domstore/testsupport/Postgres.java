package dev.domstore.testsupport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A real PostgreSQL server (local-infra's embedded binaries) in a child process on a random loopback port.
 * Its binaries are unpacked on first use into {@code DOMSTORE_POSTGRES_BINARIES} (CI points that at an
 * empty directory, so every CI run unpacks them as a new machine would), else into the JVM's temporary directory.
 */
public final class Postgres implements AutoCloseable {
    public static final String DATABASE = "domstore";
    public static final String USER = "postgres";
    /** What the launcher gives it too: the unpacking must fit, on a machine that never had the binaries. */
    static final String HEAP = "-Xmx64m";

    /** How commits reach the disk: the embedded server's fast default, or as a production server runs. */
    public enum Durability {
        /** {@code fsync=off}, {@code synchronous_commit=off}: a crash of the machine may lose the last commits. */
        NO_FSYNC,
        /** {@code fsync=on}, {@code synchronous_commit=on}: a commit is on disk when it returns. */
        FSYNC
    }

    private final Path dataDir;
    private final int port;
    private final ChildProcess process;
    private final Durability durability;

    private Postgres(Path dataDir, Path binariesDirectory, Durability durability) {
        this.dataDir = dataDir;
        this.port = FreePorts.find();
        this.durability = durability;
        this.process = launch(dataDir, port, binariesDirectory, durability);
        process.awaitReady(() -> process.logContains("READY "), Duration.ofSeconds(90));
    }

    public static Postgres start() {
        return start(Durability.NO_FSYNC);
    }

    public static Postgres start(Durability durability) {
        return new Postgres(TempDirs.create("postgres"), null, durability);
    }

    /** With its binaries in {@code binariesDirectory}, unpacked there if they are not yet. */
    public static Postgres start(Path binariesDirectory) {
        return new Postgres(TempDirs.create("postgres"), binariesDirectory, Durability.NO_FSYNC);
    }

    public Durability durability() {
        return durability;
    }

    /** The server's process, not yet ready; {@code binariesDirectory} null for the default. */
    static ChildProcess launch(Path dataDir, int port, Path binariesDirectory, Durability durability) {
        List<String> argv = new ArrayList<>(List.of(ProjectPaths.javaExecutable(), HEAP, "-XX:+UseSerialGC",
                "-cp", ProjectPaths.localInfraClasspath(), "dev.domstore.localinfra.LocalPostgres",
                "--port", Integer.toString(port), "--data-dir", dataDir.resolve("data").toString(), "--database", DATABASE,
                "--durable", Boolean.toString(durability == Durability.FSYNC)));
        if (binariesDirectory != null) {
            argv.addAll(List.of("--binaries-dir", binariesDirectory.toString()));
        }
        return ChildProcess.start("postgres", argv, Map.of(), dataDir.resolve("postgres.log"));
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
