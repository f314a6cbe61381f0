package dev.domstore.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.domstore.common.Topics;
import dev.domstore.testsupport.KafkaBroker;

/**
 * Benchmark 4: how commands reach their hosts as the cluster grows. N simulated agents (plain consumers, each in a
 * group of its own, as the agent's) and a steady stream of commands to random hosts. Per host topic
 * ({@code domstore.commands.<host>}, today's design): each agent subscribes to its own host's topic. Shared topic
 * (the first design, for comparison): every agent reads one {@code domstore.commands} topic and skips the other hosts'
 * records. Measured: the records and bytes all agents fetch per command published, the time from a command's
 * publication (its record timestamp) to its pickup by its host's agent, and the broker's CPU while the commands flow.
 * All the agents run in this one JVM, on the same cores as the broker.
 */
final class RoutingBench {
    private static final int COMMAND_BYTES = 700; // about a CreateVolume's JSON
    private static final String PREFIX = "route";

    /** Where commands go, and how long an agent's fetch waits at the broker when there is none. */
    enum Layout {
        /** Today's: a topic per host, the agent's fetch wait. */
        PER_HOST(Topics.COMMANDS_FETCH_MAX_WAIT_MS),
        /** A topic per host with Kafka's default fetch wait, to show what the long wait saves. */
        PER_HOST_DEFAULT_WAIT(500),
        /** The first design: one topic that every agent reads whole. */
        SHARED(500);

        final int fetchMaxWaitMs;

        Layout(int fetchMaxWaitMs) {
            this.fetchMaxWaitMs = fetchMaxWaitMs;
        }
    }

    private final KafkaBroker kafka;
    private final int[] hostCounts;
    private final int commands;
    private final int commandsPerSecond;

    RoutingBench(KafkaBroker kafka, int[] hostCounts, int commands, int commandsPerSecond) {
        this.kafka = kafka;
        this.hostCounts = hostCounts;
        this.commands = commands;
        this.commandsPerSecond = commandsPerSecond;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Layout layout : Layout.values()) {
            Map<String, Object> byHosts = new LinkedHashMap<>();
            for (int hosts : hostCounts) {
                Map<String, Object> m = runOne(layout, hosts);
                Main.log("routing %s, %d hosts: %s", layout, hosts, m);
                byHosts.put(Integer.toString(hosts), m);
            }
            out.put(layout.name(), byHosts);
        }
        return out;
    }

    private Map<String, Object> runOne(Layout layout, int hosts) throws Exception {
        String run = PREFIX + "-" + layout.name().toLowerCase() + "-" + hosts;
        List<String> hostIds = new ArrayList<>();
        for (int i = 1; i <= hosts; i++) {
            hostIds.add(run + "-" + i);
        }
        List<String> topics = layout != Layout.SHARED
                ? hostIds.stream().map(host -> Topics.ofHost(Topics.COMMANDS, host)).toList()
                : List.of(Topics.COMMANDS + "." + run);
        try (Admin admin = Admin.create(kafka.admin().properties())) {
            for (int i = 0; i < topics.size(); i += 200) {
                admin.createTopics(topics.subList(i, Math.min(topics.size(), i + 200)).stream().map(t -> new NewTopic(t, 1, (short) 1)).toList())
                        .all().get(120, TimeUnit.SECONDS);
            }
            Stats pickup = new Stats();
            AtomicLong fetchedRecords = new AtomicLong();
            AtomicLong fetchedBytes = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch ready = new CountDownLatch(hosts);
            List<Thread> agents = new ArrayList<>();
            for (String host : hostIds) {
                String topic = layout != Layout.SHARED ? Topics.ofHost(Topics.COMMANDS, host) : topics.get(0);
                Thread agent = new Thread(() -> agent(host, topic, layout.fetchMaxWaitMs, ready, stop, pickup, fetchedRecords, fetchedBytes),
                        "agent-" + host);
                agent.setDaemon(true);
                agents.add(agent);
                agent.start();
            }
            if (!ready.await(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the simulated agents did not all join within 5 minutes");
            }
            double brokerCpu0 = Procs.cpuSeconds(kafka.pid());
            long publishStart = System.nanoTime();
            publish(layout, hostIds, topics);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (pickup.count() < commands && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Thread.sleep(1000); // the last fetches of every agent are counted
            double brokerCores = (Procs.cpuSeconds(kafka.pid()) - brokerCpu0) / ((System.nanoTime() - publishStart) / 1e9);
            stop.set(true);
            for (Thread agent : agents) {
                agent.join(10_000);
            }
            admin.deleteTopics(topics).all().get(120, TimeUnit.SECONDS);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("hosts", hosts);
            m.put("commands", commands);
            m.put("pickedUp", pickup.count());
            m.put("recordsFetchedPerCommand", Stats.round((double) fetchedRecords.get() / commands));
            m.put("bytesFetchedPerCommand", Stats.round((double) fetchedBytes.get() / commands));
            m.put("pickupP50Ms", Stats.round(pickup.percentile(50)));
            m.put("pickupP99Ms", Stats.round(pickup.percentile(99)));
            m.put("brokerCores", Stats.round(brokerCores));
            return m;
        }
    }

    /** {@code commands} commands to random hosts at a steady rate; the key is the host, as the inventory's. */
    private void publish(Layout layout, List<String> hostIds, List<String> topics) throws Exception {
        Properties config = TunedClients.producer(kafka.admin().properties());
        Random random = new Random(42);
        String payload = "x".repeat(COMMAND_BYTES);
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < commands; i++) {
                long due = start + TimeUnit.SECONDS.toNanos(i) / commandsPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                int host = random.nextInt(hostIds.size());
                String topic = layout != Layout.SHARED ? topics.get(host) : topics.get(0);
                producer.send(new ProducerRecord<>(topic, hostIds.get(host), payload));
            }
        }
    }

    /** One agent: its own group, its host's commands picked up, every record it fetched counted. */
    private void agent(String host, String topic, int fetchMaxWaitMs, CountDownLatch ready, AtomicBoolean stop, Stats pickup, AtomicLong records,
            AtomicLong bytes) {
        Properties config = kafka.admin().properties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "domstore-agent-" + host);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (consumer.assignment().isEmpty() && !stop.get()) {
                consumer.poll(Duration.ofMillis(500));
            }
            consumer.assignment().forEach(consumer::position);
            ready.countDown();
            while (!stop.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    records.incrementAndGet();
                    bytes.addAndGet(r.serializedKeySize() + r.serializedValueSize());
                    if (host.equals(r.key())) {
                        pickup.add(System.currentTimeMillis() - r.timestamp());
                    }
                }
            }
        }
    }
}
