package dev.domstore.agent;

import java.util.List;

import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * The agent's tests: a real Kafka broker, the agent logged in as its host's Kafka user, enrolled as the
 * inventory would. One credential serves the test host and the simulated hosts of SimulatedAgentTest,
 * which run as two agents one after the other.
 */
public class AgentInfrastructure extends RealInfrastructure {
    public static final String HOST = "test-host-1";
    public static final List<String> SIMULATED_HOSTS = List.of("simtest-01", "simtest-02", "simtest-03");

    @Override
    protected KafkaAccess serviceKafka(KafkaBroker broker) {
        return broker.enrolHosts(HOST, java.util.stream.Stream.concat(java.util.stream.Stream.of(HOST), SIMULATED_HOSTS.stream()).toList());
    }
}
