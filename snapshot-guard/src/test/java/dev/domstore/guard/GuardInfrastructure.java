package dev.domstore.guard;

import java.util.HashMap;
import java.util.Map;

import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * The guard's tests: a real Kafka broker, the guard logged in as its own Kafka user with the guard's
 * grants, and the real inventory that the guard asks who an API token belongs to.
 */
public class GuardInfrastructure extends RealInfrastructure {
    @Override
    protected KafkaAccess serviceKafka(KafkaBroker broker) {
        return broker.as(KafkaBroker.GUARD);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.put("domstore.auth.inventory-url", inventory().baseUrl());
        return config;
    }
}
