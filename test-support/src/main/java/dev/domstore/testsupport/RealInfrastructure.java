package dev.domstore.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} a real PostgreSQL and a real Kafka broker, each in its own
 * process, started once per test JVM. Use with
 * {@code @WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)}.
 */
public class RealInfrastructure implements QuarkusTestResourceLifecycleManager {
    private static Postgres postgres;
    private static KafkaBroker kafka;

    @Override
    public synchronized Map<String, String> start() {
        if (postgres == null) {
            postgres = Postgres.start();
            kafka = KafkaBroker.start();
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(),
                "quarkus.datasource.username", Postgres.USER,
                "quarkus.datasource.password", "unused",
                "kafka.bootstrap.servers", kafka.bootstrapServers());
    }

    @Override
    public synchronized void stop() {
        if (kafka != null) {
            kafka.close();
            postgres.close();
            kafka = null;
            postgres = null;
        }
    }

    /** The broker of the running test JVM, to stop and restart it. */
    public static KafkaBroker kafka() {
        return kafka;
    }
}
