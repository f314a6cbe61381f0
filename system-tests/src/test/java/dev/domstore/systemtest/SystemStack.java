package dev.domstore.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.domstore.common.KafkaGrants;
import dev.domstore.testsupport.AdminCredential;
import dev.domstore.testsupport.FreePorts;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.Postgres;
import dev.domstore.testsupport.ProjectPaths;
import dev.domstore.testsupport.ServiceProcess;
import dev.domstore.testsupport.TempDirs;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * What every system test runs on: a real PostgreSQL, a real Kafka broker and the packaged
 * services, each in its own JVM, their logs under {@code system-tests/target/<name>-logs}. Closing
 * it stops them in reverse order. A test of services that need no database starts Kafka alone
 * ({@link #startWithoutDatabase}).
 */
final class SystemStack implements AutoCloseable {
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(120);
    /** Kafka's admin client, polled while the broker starts, logs every failed attempt: only errors are shown here. */
    private static final Logger KAFKA_CLIENT_LOGS = Logger.getLogger("org.apache.kafka");

    static {
        KAFKA_CLIENT_LOGS.setLevel(Level.SEVERE);
    }

    private final Postgres postgres;
    private final KafkaBroker kafka;
    private final Path logDir;
    private final List<ServiceProcess> services = new ArrayList<>();
    /** The inventory once launched: the other services ask it who an API token belongs to. */
    private ServiceProcess inventory;

    private SystemStack(Postgres postgres, KafkaBroker kafka, Path logDir) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.logDir = logDir;
    }

    /** Starts PostgreSQL and Kafka; the services' logs go to {@code system-tests/target/<name>-logs} (this run's only). */
    static SystemStack start(String name) {
        Path logDir = logDir(name);
        Postgres postgres = Postgres.start();
        try {
            return new SystemStack(postgres, KafkaBroker.start(), logDir);
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** Starts Kafka only, for services that need no database (the snapshot-guard); {@link #launchInventory} is not available. */
    static SystemStack startWithoutDatabase(String name) {
        Path logDir = logDir(name);
        return new SystemStack(null, KafkaBroker.start(), logDir);
    }

    private static Path logDir(String name) {
        Path logDir = ProjectPaths.root().resolve("system-tests").resolve("target").resolve(name + "-logs");
        TempDirs.deleteRecursively(logDir);
        System.out.println(name + ": the services' logs are in " + logDir);
        return logDir;
    }

    /** The broker: to look at every topic as its admin, and to enrol hosts that no inventory enrols. */
    KafkaBroker kafka() {
        return kafka;
    }

    /**
     * The inventory, with its settings plus {@code extraEnv}, logged in to Kafka as its own user. It makes
     * its first admin token from test-support's {@link AdminCredential}, and every REST Assured request of
     * the test carries it.
     */
    ServiceProcess launchInventory(Map<String, String> extraEnv) {
        if (postgres == null) {
            throw new IllegalStateException("This stack was started without a database: the inventory needs one");
        }
        Map<String, String> env = new java.util.HashMap<>(extraEnv);
        env.putAll(Map.of(
                "DOMSTORE_DB_URL", postgres.jdbcUrl(),
                "DOMSTORE_DB_USER", Postgres.USER,
                "DOMSTORE_DB_PASSWORD", "unused",
                "DOMSTORE_INVENTORY_BOOTSTRAP_ADMIN_TOKEN_FILE", AdminCredential.file().toString()));
        RestAssured.authentication = RestAssured.oauth2(AdminCredential.secret());
        inventory = launch("inventory-service", "inventory-service", kafka.as(KafkaBroker.INVENTORY), env);
        return inventory;
    }

    /** A snapshot-guard logged in as the guard's Kafka user; its log {@code <name>.log}. */
    ServiceProcess launchGuard(String name, Map<String, String> env) {
        return launch("snapshot-guard", name, kafka.as(KafkaBroker.GUARD), env);
    }

    /**
     * Enrols {@code hostIds} through the inventory's API ({@code POST /api/v1/hosts}), as an admin would,
     * under one credential (the first host's id unless several share one): what their agent and
     * nfs-service log in to Kafka with. The inventory must be up.
     */
    KafkaAccess enrol(ServiceProcess inventory, String credential, List<String> hostIds) {
        String password = null;
        for (String hostId : hostIds) {
            String issued = given().baseUri(inventory.baseUrl()).contentType(ContentType.JSON)
                    .body("{\"hostId\":\"" + hostId + "\",\"credential\":\"" + credential + "\"}").post("/api/v1/hosts")
                    .then().statusCode(201).extract().path("password");
            password = password == null ? issued : password;
        }
        return new KafkaAccess(kafka.bootstrapServers(), KafkaGrants.hostUser(credential), password, "SCRAM-SHA-512");
    }

    /**
     * A packaged service of {@code module} logged in to Kafka as {@code kafkaUser}, with {@code env}; its log
     * {@code <name>.log}. Not awaited: JVMs launched together start in parallel.
     */
    ServiceProcess launch(String module, String name, KafkaAccess kafkaUser, Map<String, String> env) {
        Map<String, String> withKafka = new java.util.HashMap<>(env);
        withKafka.putAll(kafkaUser.serviceEnvironment());
        if (inventory != null && !module.equals("inventory-service")) {
            withKafka.put("DOMSTORE_AUTH_INVENTORY_URL", inventory.baseUrl());
        }
        ServiceProcess service = ServiceProcess.launch(module, name, FreePorts.find(), withKafka, logDir, List.of());
        services.add(service);
        return service;
    }

    /** Stops one service (to restart it, say); it is no longer closed with the stack. */
    void stop(ServiceProcess service) {
        service.close();
        services.remove(service);
    }

    /** Kills one service with SIGKILL, as a crash would (see {@link ServiceProcess#kill()}); it is no longer closed with the stack. */
    void kill(ServiceProcess service) {
        service.kill();
        services.remove(service);
    }

    List<ServiceProcess> services() {
        return List.copyOf(services);
    }

    /** Kafka stays up to the end so that every service can stop cleanly. */
    @Override
    public void close() {
        List<Throwable> problems = new ArrayList<>();
        for (int i = services.size() - 1; i >= 0; i--) {
            runCollecting(problems, services.get(i)::close);
        }
        services.clear();
        runCollecting(problems, kafka::close);
        if (postgres != null) {
            runCollecting(problems, postgres::close);
        }
        throwIfAny(problems, "Stopping the system test's stack failed");
    }

    /** Polls {@code GET /api/v1/volumes/{id}} until its state is one of {@code endStates}. */
    static Response awaitState(String api, String id, Duration timeout, String... endStates) {
        List<String> ends = List.of(endStates);
        Response[] last = new Response[1];
        await("volume " + id + " to reach " + ends).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    last[0] = given().baseUri(api).get("/api/v1/volumes/" + id);
                    return last[0].statusCode() == 200 && ends.contains(last[0].jsonPath().getString("state"));
                });
        return last[0];
    }

    static void sleepSeconds(long seconds) {
        await().pollDelay(Duration.ofSeconds(seconds)).atMost(Duration.ofSeconds(seconds + 5)).until(() -> true);
    }

    /** Runs a clean-up step, keeping its failure for later so that the other steps still run. */
    static void runCollecting(List<Throwable> problems, Runnable step) {
        try {
            step.run();
        } catch (Throwable t) {
            problems.add(t);
        }
    }

    static void throwIfAny(List<Throwable> problems, String message) {
        if (!problems.isEmpty()) {
            IllegalStateException failure = new IllegalStateException(message);
            problems.forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
