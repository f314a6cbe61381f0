package dev.domstore.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.domstore.common.Filesystem;
import dev.domstore.common.Topics;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.testsupport.FreePorts;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.ServiceProcess;
import dev.domstore.testsupport.TempDirs;

/**
 * Benchmark 3: a FILE create by the host tools alone (truncate, mkfs: FileImageCommands' argv)
 * against the whole command handling of a REAL-mode agent (CreateVolume on domstore.commands ->
 * VolumeCreated on domstore.results), and the agent's resident memory idle and under load.
 */
final class AgentBench {
    private static final String HOST = "bench-agent";
    private static final long SIZE = 1L << 30;

    private final Main.Settings settings;
    private final KafkaBroker kafka;
    private final Path logDir;

    AgentBench(Main.Settings settings, KafkaBroker kafka, Path logDir) {
        this.settings = settings;
        this.kafka = kafka;
        this.logDir = logDir;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("imageSizeBytes", SIZE);
        out.put("tools", tools());
        Path imageRoot = TempDirs.create("bench-agent-images");
        Path state = TempDirs.create("bench-agent-state");
        try {
            Map<String, String> env = new java.util.HashMap<>(kafka.enrolHost(HOST).serviceEnvironment());
            env.putAll(Map.of(
                    "DOMSTORE_AGENT_HOST_ID", HOST,
                    "DOMSTORE_AGENT_IMAGE_ROOT", imageRoot.toString(),
                    "DOMSTORE_AGENT_STATE_DIR", state.toString(),
                    "DOMSTORE_AGENT_REPORT_INTERVAL", "60s"));
            ServiceProcess agent = ServiceProcess.launch("provisioning-agent", FreePorts.find(), env, logDir);
            try {
                agent.awaitHealthy(Duration.ofSeconds(120));
                out.put("jvmArgs", "provisioning-agent/jvm.options, the launcher's defaults: "
                        + String.join(" ", ServiceProcess.launcherJvmOptions("provisioning-agent")));
                Thread.sleep(5000);
                out.put("rssIdleMiB", Stats.round(Procs.rssMiB(agent.pid())));
                out.putAll(throughAgent(agent, imageRoot));
                Thread.sleep(2000);
                out.put("rssAfterMiB", Stats.round(Procs.rssMiB(agent.pid())));
            } finally {
                agent.close();
            }
        } finally {
            TempDirs.deleteRecursively(imageRoot);
            TempDirs.deleteRecursively(state);
        }
        return out;
    }

    /** The same argv the agent runs (FileImageCommands.truncate, .mkfs), run directly. */
    private Map<String, Object> tools() throws Exception {
        Path dir = TempDirs.create("bench-tools");
        Stats stats = new Stats();
        try {
            for (int i = 0; i < settings.agentWarmup + settings.agentRuns; i++) {
                Path image = dir.resolve("img" + i);
                long t0 = System.nanoTime();
                exec(List.of("truncate", "-s", Long.toString(SIZE), image.toString()));
                exec(List.of("mkfs", "-t", "ext4", "-F", "-q", "-E", "lazy_journal_init=1", image.toString()));
                if (i >= settings.agentWarmup) {
                    stats.add((System.nanoTime() - t0) / 1e6);
                }
            }
        } finally {
            TempDirs.deleteRecursively(dir);
        }
        Main.log("agent: host tools alone %s", stats.toMap());
        return stats.toMap();
    }

    private static void exec(List<String> argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        byte[] output = p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(argv + " failed: " + new String(output));
        }
    }

    private Map<String, Object> throughAgent(ServiceProcess agent, Path imageRoot) throws Exception {
        // Commands as the inventory publishes them, results read as the broker's admin: both as quick as plain clients get.
        Properties pc = TunedClients.producer(kafka.as(KafkaBroker.INVENTORY).properties());
        Properties cc = TunedClients.consumer(kafka.admin().properties());
        Stats stats = new Stats();
        List<Double> rss = new ArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                synchronized (rss) {
                    rss.add(Procs.rssMiB(agent.pid()));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        double cpu0 = Procs.cpuSeconds(agent.pid());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(pc, new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> results = new KafkaConsumer<>(cc, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = results.partitionsFor(Topics.ofHost(Topics.RESULTS, HOST)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).collect(Collectors.toList());
            results.assign(parts);
            results.seekToEnd(parts);
            parts.forEach(results::position);
            sampler.start();
            for (int i = 0; i < settings.agentWarmup + settings.agentRuns; i++) {
                UUID commandId = UUID.randomUUID();
                String name = "benchimg" + i;
                CreateVolume create = CreateVolume.file(commandId, UUID.randomUUID(), HOST, Instant.now(), name, SIZE, Filesystem.EXT4,
                        imageRoot.resolve(name).toString(), null);
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(Topics.ofHost(Topics.COMMANDS, HOST), HOST, MessageCodec.toJson(create))).get(30, TimeUnit.SECONDS);
                String result = awaitResult(results, commandId.toString());
                double ms = (System.nanoTime() - t0) / 1e6;
                if (!result.contains("\"VolumeCreated\"")) {
                    Main.log("agent: not created: %s", result);
                    stats.fail();
                } else if (i >= settings.agentWarmup) {
                    stats.add(ms);
                }
            }
        } finally {
            sampling.set(false);
            sampler.join(2000);
        }
        Main.log("agent: whole command handling %s", stats.toMap());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("agent", stats.toMap());
        out.put("agentCpuSecondsDuringRuns", Stats.round(Procs.cpuSeconds(agent.pid()) - cpu0));
        synchronized (rss) {
            out.put("rssMaxUnderLoadMiB", Stats.round(rss.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN)));
        }
        return out;
    }

    private static String awaitResult(KafkaConsumer<String, String> results, String commandId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : results.poll(Duration.ofMillis(20))) {
                if (commandId.equals(r.key()) || r.value().contains(commandId)) {
                    return r.value();
                }
            }
        }
        throw new IllegalStateException("no result for command " + commandId + " within 60 s");
    }
}
