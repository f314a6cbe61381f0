package dev.domstore.nfs;

import java.util.List;

import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * The nfs-service's tests: a real Kafka broker, the service logged in as its host's Kafka user,
 * enrolled as the inventory would. One credential serves this machine's test server and the one behind
 * a guest agent ({@link GuestAgentNfsServer}), which run one after the other.
 */
public class NfsInfrastructure extends RealInfrastructure {
    public static final String HOST = "test-nfs-1";

    @Override
    protected KafkaAccess serviceKafka(KafkaBroker broker) {
        return broker.enrolHosts(HOST, List.of(HOST, GuestAgentNfsServer.HOST_ID));
    }
}
