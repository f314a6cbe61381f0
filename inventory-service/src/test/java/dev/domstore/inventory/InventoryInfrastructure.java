package dev.domstore.inventory;

import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.RealInfrastructure;

/** The inventory's tests: real PostgreSQL and Kafka, the inventory logged in as its own Kafka user. */
public class InventoryInfrastructure extends RealInfrastructure {
    @Override
    protected KafkaAccess serviceKafka(KafkaBroker broker) {
        return broker.as(KafkaBroker.INVENTORY);
    }
}
