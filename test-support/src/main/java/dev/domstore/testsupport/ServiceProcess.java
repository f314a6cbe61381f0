package dev.domstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A packaged domstore service ({@code <module>/target/quarkus-app/quarkus-run.jar}) running in its
 * own JVM, the way the launcher and production run it, on a loopback port of its own. Its output
 * goes to {@code <logDir>/<module>.log}.
 *
 * <pre>
 * ServiceProcess guard = ServiceProcess.launch("snapshot-guard", Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers()), logs);
 * guard.awaitHealthy(Duration.ofSeconds(90));
 * </pre>
 */
public final class ServiceProcess implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String module;
    private final int port;
    private final ChildProcess process;

    private ServiceProcess(String module, int port, ChildProcess process) {
        this.module = module;
        this.port = port;
        this.process = process;
    }

    /** Starts the service on a random free port without waiting for it; see {@link #awaitHealthy(Duration)}. */
    public static ServiceProcess launch(String module, Map<String, String> env, Path logDir) {
        return launch(module, FreePorts.find(), env, logDir);
    }

    /** Starts the service on {@code port} ({@code QUARKUS_HTTP_PORT}) without waiting for it. */
    public static ServiceProcess launch(String module, int port, Map<String, String> env, Path logDir) {
        return launch(module, port, env, logDir, List.of());
    }

    /**
     * Starts the service on {@code port} without waiting for it, with {@code jvmArgs} after the
     * default ones ({@code -Xmx384m -XX:+UseSerialGC}), so that they win: for example
     * {@code -Xmx64m -XX:TieredStopAtLevel=1} to measure a small footprint.
     */
    public static ServiceProcess launch(String module, int port, Map<String, String> env, Path logDir, List<String> jvmArgs) {
        return launch(module, module, port, env, logDir, jvmArgs);
    }

    /** As {@link #launch(String, int, Map, Path, List)}, its log named {@code <name>.log}: for several instances of one module. */
    public static ServiceProcess launch(String module, String name, int port, Map<String, String> env, Path logDir, List<String> jvmArgs) {
        Path jar = quarkusRunJar(module);
        Map<String, String> environment = new HashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        List<String> argv = new ArrayList<>(List.of(ProjectPaths.javaExecutable(), "-Xmx384m", "-XX:+UseSerialGC"));
        argv.addAll(launcherJvmOptions(module));
        argv.addAll(jvmArgs);
        argv.addAll(List.of("-Ddomstore.component=" + module, "-jar", jar.toString()));
        ChildProcess process = ChildProcess.start(name, argv, environment, logDir.resolve(name + ".log"));
        return new ServiceProcess(module, port, process);
    }

    /**
     * The JVM options the launcher gives the module ({@code <module>/jvm.options}, as {@code ./domstore up} reads it), so
     * that tests and the bench run a service as it is deployed; none when the module has no such file.
     */
    public static List<String> launcherJvmOptions(String module) {
        Path options = ProjectPaths.root().resolve(module).resolve("jvm.options");
        try {
            return Files.exists(options) ? List.of(Files.readString(options).trim().split("\\s+")) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + options, e);
        }
    }

    /** Starts the service on a random free port and waits until {@code /q/health/ready} says UP. */
    public static ServiceProcess start(String module, Map<String, String> env, Path logDir, Duration timeout) {
        ServiceProcess service = launch(module, env, logDir);
        try {
            service.awaitHealthy(timeout);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        return service;
    }

    /** The packaged application of {@code module}; fails with what to run if it was not built. */
    public static Path quarkusRunJar(String module) {
        Path jar = ProjectPaths.root().resolve(module).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " is not packaged (" + jar + " is missing): run ./mvnw verify, "
                    + "or ./mvnw -DskipTests package before running the system tests alone");
        }
        return jar;
    }

    /** Waits until the readiness endpoint answers 200 with status UP; fails with the log's tail otherwise. */
    public void awaitHealthy(Duration timeout) {
        process.awaitReady(this::ready, timeout);
    }

    /**
     * Waits until the liveness endpoint answers 200 with status UP: for a service that runs but
     * cannot be ready on this machine (nfs-service without an NFS server).
     */
    public void awaitLive(Duration timeout) {
        process.awaitReady(this::live, timeout);
    }

    /** Whether {@code /q/health/ready} answers 200 and UP now. */
    public boolean ready() {
        return healthUp("/q/health/ready");
    }

    /** Whether {@code /q/health/live} answers 200 and UP now. */
    public boolean live() {
        return healthUp("/q/health/live");
    }

    private boolean healthUp(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                // Generous: a readiness check may ask a lab host, a QEMU guest under software emulation, through its guest agent.
                .timeout(Duration.ofSeconds(15)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String module() {
        return module;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return process.log();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: the service dies at once, as in a crash, without shutting down (no commit, no leaving its consumer group). */
    public void kill() {
        process.killHard();
    }

    /** SIGTERM (Quarkus shuts down gracefully), SIGKILL after 30 s. */
    @Override
    public void close() {
        process.close();
    }
}
