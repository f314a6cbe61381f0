package dev.domstore.testsupport;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL and a real Kafka broker with authentication on, each
 * in its own process, started once per test JVM. Each module's subclass says which Kafka user its
 * service under test logs in as ({@link #serviceKafka}), as it would in production; there is no
 * switch that turns authentication off. Use the module's subclass with
 * {@code @WithTestResource(value = …, scope = TestResourceScope.GLOBAL)}.
 */
public abstract class RealInfrastructure implements QuarkusTestResourceLifecycleManager {
    private static Postgres postgres;
    private static KafkaBroker kafka;
    private static ServiceProcess inventory;

    /** The Kafka user the service under test logs in as: one of the broker's, or a host enrolled for the test. */
    protected abstract KafkaAccess serviceKafka(KafkaBroker broker);

    @Override
    public Map<String, String> start() {
        synchronized (RealInfrastructure.class) {
            if (postgres == null) {
                postgres = Postgres.start();
                kafka = KafkaBroker.start();
            }
        }
        Map<String, String> config = new HashMap<>(serviceKafka(kafka).quarkusConfig());
        config.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl());
        config.put("quarkus.datasource.username", Postgres.USER);
        config.put("quarkus.datasource.password", "unused");
        // The inventory makes its first admin token from this file; the other services ignore it.
        config.put("domstore.inventory.bootstrap-admin-token-file", AdminCredential.file().toString());
        return config;
    }

    /**
     * The packaged inventory against this JVM's PostgreSQL and Kafka, started on first use: for a service
     * that asks the inventory who a token belongs to ({@code domstore.auth.inventory-url}). It makes the
     * first admin token from {@link AdminCredential}, which every test request carries.
     */
    public static synchronized ServiceProcess inventory() {
        if (inventory == null) {
            Map<String, String> env = new HashMap<>(kafka.as(KafkaBroker.INVENTORY).serviceEnvironment());
            env.put("DOMSTORE_DB_URL", postgres.jdbcUrl());
            env.put("DOMSTORE_DB_USER", Postgres.USER);
            env.put("DOMSTORE_DB_PASSWORD", "unused");
            env.put("DOMSTORE_INVENTORY_BOOTSTRAP_ADMIN_TOKEN_FILE", AdminCredential.file().toString());
            inventory = ServiceProcess.start("inventory-service", env, TempDirs.create("inventory-for-tests"), Duration.ofSeconds(120));
        }
        return inventory;
    }

    @Override
    public void stop() {
        synchronized (RealInfrastructure.class) {
            if (inventory != null) {
                inventory.close();
                inventory = null;
            }
            if (kafka != null) {
                kafka.close();
                postgres.close();
                kafka = null;
                postgres = null;
            }
        }
    }

    /** The broker of the running test JVM: to look at what a service published, and to stop and restart it. */
    public static KafkaBroker kafka() {
        return kafka;
    }
}
