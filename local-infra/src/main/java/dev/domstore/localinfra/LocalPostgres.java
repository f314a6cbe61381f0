package dev.domstore.localinfra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server (binaries from Maven Central) on loopback, for machines that have
 * none. Its data directory survives restarts. Prints {@code READY} once it accepts connections
 * and the database exists; stops the server when this process is terminated.
 *
 * <pre>java -cp … dev.domstore.localinfra.LocalPostgres --port 15432 --data-dir DIR --database domstore [--binaries-dir DIR] [--durable true]</pre>
 *
 * <p>The binaries are unpacked once into {@code --binaries-dir} (default: {@link PostgresBinaries#defaultWorkingDirectory()}).
 * The embedded server's defaults trade durability for speed ({@code fsync=off}, {@code synchronous_commit=off}): right for
 * tests and a trial. {@code --durable true} turns both on, as a production server runs; the benchmark measures both.
 */
public final class LocalPostgres {

    private LocalPostgres() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(args, "port", "data-dir", "database");
        int port = Integer.parseInt(options.get("port"));
        Path dataDir = Path.of(options.get("data-dir")).toAbsolutePath();
        String database = options.get("database");
        Files.createDirectories(dataDir);
        Path binaries = options.containsKey("binaries-dir")
                ? Path.of(options.get("binaries-dir")).toAbsolutePath()
                : PostgresBinaries.defaultWorkingDirectory();
        PostgresBinaries.prepare(binaries);

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (Boolean.parseBoolean(options.getOrDefault("durable", "false"))) {
            builder.setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
        }
        EmbeddedPostgres postgres = builder
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(binaries.toFile())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("Stopping PostgreSQL failed: " + e.getMessage());
            }
            stopped.countDown();
        }));

        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            boolean exists;
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                exists = rs.next();
            }
            if (!exists) {
                statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
            }
        }
        String durability;
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
            rs.next();
            durability = "fsync=" + rs.getString(1) + " synchronous_commit=" + rs.getString(2);
        }
        System.out.println("READY jdbc:postgresql://127.0.0.1:" + port + "/" + database + " user postgres " + durability);
        System.out.flush();
        stopped.await();
    }
}
