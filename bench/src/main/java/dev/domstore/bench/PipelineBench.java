package dev.domstore.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.domstore.common.KafkaGrants;
import dev.domstore.common.Topics;
import dev.domstore.testsupport.AdminCredential;
import dev.domstore.testsupport.FreePorts;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.Postgres;
import dev.domstore.testsupport.ServiceProcess;
import dev.domstore.testsupport.TempDirs;

/**
 * Benchmark 1: REST create -> AVAILABLE of FILE volumes on simulated hosts; {@link FloorBench} measures the floor it is
 * compared with, on the same broker and database.
 */
final class PipelineBench {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final String HOST_PREFIX = "sim";
    private static final Pattern IMAGE_PATH = Pattern.compile("\"imagePath\"\\s*:\\s*\"([^\"]+)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Main.Settings settings;
    private final Postgres postgres;
    private final KafkaBroker kafka;
    private final Path logDir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger volumeCounter = new AtomicInteger();

    PipelineBench(Main.Settings settings, Postgres postgres, KafkaBroker kafka, Path logDir) {
        this.settings = settings;
        this.postgres = postgres;
        this.kafka = kafka;
        this.logDir = logDir;
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Path agentState = TempDirs.create("bench-agent-sim");
        List<ServiceProcess> services = new ArrayList<>();
        try {
            Map<String, String> inventoryEnv = new java.util.HashMap<>(kafka.as(KafkaBroker.INVENTORY).serviceEnvironment());
            inventoryEnv.putAll(Map.of(
                    "DOMSTORE_DB_URL", postgres.jdbcUrl(),
                    "DOMSTORE_DB_USER", Postgres.USER,
                    "DOMSTORE_DB_PASSWORD", "unused",
                    "DOMSTORE_INVENTORY_BOOTSTRAP_ADMIN_TOKEN_FILE", AdminCredential.file().toString()));
            ServiceProcess inventory = ServiceProcess.launch("inventory-service", inventoryEnv, logDir);
            services.add(inventory);
            inventory.awaitHealthy(Duration.ofSeconds(120));
            Map<String, String> agentEnv = new java.util.HashMap<>(enrolSimulatedHosts(inventory.baseUrl()));
            agentEnv.putAll(Map.of(
                    "DOMSTORE_AGENT_MODE", "simulated",
                    "DOMSTORE_AGENT_SIMULATED_HOSTS", Integer.toString(settings.simulatedHosts),
                    "DOMSTORE_AGENT_HOST_ID", HOST_PREFIX,
                    "DOMSTORE_AGENT_STATE_DIR", agentState.toString(),
                    "DOMSTORE_AGENT_IMAGE_ROOT", agentState.resolve("images").toString(),
                    "DOMSTORE_AGENT_REPORT_INTERVAL", "30s"));
            // One process plays every host here: it gets the JIT and heap of a service, not the small dom0 defaults of one agent.
            ServiceProcess agent = ServiceProcess.launch("provisioning-agent", FreePorts.find(), agentEnv, logDir,
                    List.of("-Xmx384m", "-Xmn128m", "-XX:TieredStopAtLevel=4", "-XX:CICompilerCount=2", "-XX:ReservedCodeCacheSize=64m"));
            services.add(agent);
            agent.awaitHealthy(Duration.ofSeconds(120));
            String api = inventory.baseUrl();
            awaitHosts(api, settings.simulatedHosts);
            Main.log("pipeline: %d simulated hosts registered", settings.simulatedHosts);

            // Warm-up (JIT, connection pools), not recorded.
            runPipelineLevel(api, 8, settings.pipelineWarmup);

            Map<String, Object> pipeline = new LinkedHashMap<>();
            Breakdown breakdown = new Breakdown(kafka.admin());
            breakdown.start();
            try {
                for (int i = 0; i < settings.concurrency.length; i++) {
                    int c = settings.concurrency[i];
                    breakdown.reset();
                    Stats s = runPipelineLevel(api, c, settings.pipelineOps[i]);
                    Main.log("pipeline c=%d: %s", c, s.toMap());
                    Map<String, Object> m = s.toMap();
                    m.put("breakdownP50Ms", breakdown.summary());
                    Main.log("pipeline c=%d breakdown p50: %s", c, m.get("breakdownP50Ms"));
                    pipeline.put(Integer.toString(c), m);
                }
            } finally {
                breakdown.close();
            }
            out.put("pipeline", pipeline);
            out.putAll(holdings(api));
            out.put("inventoryRssMiB", Stats.round(Procs.rssMiB(inventory.pid())));
            out.put("inventoryCpuSeconds", Stats.round(Procs.cpuSeconds(inventory.pid())));
            out.put("simAgentRssMiB", Stats.round(Procs.rssMiB(agent.pid())));
            out.put("simAgentCpuSeconds", Stats.round(Procs.cpuSeconds(agent.pid())));
        } finally {
            for (int i = services.size() - 1; i >= 0; i--) {
                services.get(i).close();
            }
            TempDirs.deleteRecursively(agentState);
        }

        return out;
    }

    // ------------------------------------------------------------------ pipeline

    private void awaitHosts(String api, int hosts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            // Only this agent's hosts report to this database.
            Matcher m = Pattern.compile("\"totalItems\"\\s*:\\s*(\\d+)").matcher(get(api + "/api/v1/hosts?pageSize=1").body());
            long seen = m.find() ? Long.parseLong(m.group(1)) : 0;
            if (seen >= hosts) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the inventory did not list " + hosts + " simulated hosts within 120 s");
    }

    private Stats runPipelineLevel(String api, int concurrency, int ops) throws Exception {
        Stats stats = new Stats();
        AtomicInteger remaining = new AtomicInteger(ops);
        long stopIssuing = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.pipelineLevelSeconds);
        return Workers.run(stats, concurrency, () -> {
            while (remaining.getAndDecrement() > 0 && System.nanoTime() < stopIssuing) {
                try {
                    Double ms = createOne(api);
                    if (ms == null) {
                        stats.fail();
                    } else {
                        stats.add(ms);
                    }
                } catch (Exception e) {
                    stats.fail();
                    Main.log("pipeline: %s", e);
                }
            }
            return null;
        });
    }

    /** One volume: POST, then one GET that waits for AVAILABLE (waitFor, no polling); milliseconds, null when it failed. */
    private Double createOne(String api) throws Exception {
        int n = volumeCounter.getAndIncrement();
        String host = String.format("%s-%02d", HOST_PREFIX, n % settings.simulatedHosts + 1);
        String body = "{\"name\":\"bench" + n + "\",\"hostId\":\"" + host + "\",\"kind\":\"FILE\",\"size\":\"1G\",\"filesystem\":\"ext4\"}";
        long t0 = System.nanoTime();
        long wall0 = System.currentTimeMillis();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/volumes")).header("Authorization", AdminCredential.bearer())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        long answeredAt = System.currentTimeMillis();
        if (created.statusCode() != 202) {
            Main.log("pipeline: POST answered %d: %s", created.statusCode(), created.body());
            return null;
        }
        Matcher id = ID.matcher(created.body());
        if (!id.find()) {
            return null;
        }
        String url = api + "/api/v1/volumes/" + id.group(1) + "?waitFor=AVAILABLE&timeout=60s";
        Matcher state = STATE.matcher(get(url).body());
        String seen = state.find() ? state.group(1) : "unknown";
        if (seen.equals("AVAILABLE")) {
            Breakdown b = currentBreakdown;
            if (b != null) {
                b.record(id.group(1), wall0, answeredAt, System.currentTimeMillis());
            }
            return (System.nanoTime() - t0) / 1e6;
        }
        Main.log("pipeline: volume %s is %s, not AVAILABLE, after waiting", id.group(1), seen);
        return null;
    }

    private volatile Breakdown currentBreakdown = Breakdown.NONE;

    /**
     * Where the time of each create goes, from the record timestamps (CreateTime, the producer's
     * clock: same machine) of its CreateVolume on domstore.commands and its VolumeCreated on
     * domstore.results: POST -> command on Kafka (inventory + outbox relay), command -> result
     * (the agent), result -> AVAILABLE seen (the inventory's result consumer + the client's waitFor answer).
     */
    final class Breakdown implements AutoCloseable {
        static final Breakdown NONE = null;
        private static final Pattern VOLUME = Pattern.compile("\"volumeId\"\\s*:\\s*\"([0-9a-f-]{36})\"");
        private final Map<String, Long> commandAt = new ConcurrentHashMap<>();
        private final Map<String, Long> resultAt = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread;

        Breakdown(KafkaAccess admin) {
            thread = new Thread(() -> {
                Properties config = admin.properties();
                try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
                    List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
                    for (String host : simulatedHosts()) {
                        for (String family : List.of(Topics.COMMANDS, Topics.RESULTS)) {
                            parts.add(new org.apache.kafka.common.TopicPartition(Topics.ofHost(family, host), 0));
                        }
                    }
                    consumer.assign(parts);
                    consumer.seekToEnd(parts);
                    while (!stop.get()) {
                        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                            Matcher m = VOLUME.matcher(r.value());
                            if (!m.find()) {
                                continue;
                            }
                            if (Topics.hostOf(Topics.COMMANDS, r.topic()).isPresent() && r.value().contains("\"CreateVolume\"")) {
                                commandAt.put(m.group(1), r.timestamp());
                            } else if (Topics.hostOf(Topics.RESULTS, r.topic()).isPresent() && r.value().contains("\"VolumeCreated\"")) {
                                resultAt.put(m.group(1), r.timestamp());
                            }
                        }
                    }
                }
            }, "breakdown");
        }

        void start() {
            thread.start();
            currentBreakdown = this;
        }

        void reset() {
            pending.clear();
        }

        void record(String volumeId, long postedAt, long answeredAt, long availableAt) {
            pending.put(new long[] {postedAt, availableAt, answeredAt}, volumeId);
        }

        private final Map<long[], String> pending = new ConcurrentHashMap<>();

        Map<String, Object> summary() throws InterruptedException {
            Thread.sleep(500); // the last records reach the breakdown consumer
            Stats post = new Stats();
            Stats relay = new Stats();
            Stats agent = new Stats();
            Stats back = new Stats();
            for (Map.Entry<long[], String> e : pending.entrySet()) {
                Long cmd = commandAt.get(e.getValue());
                Long res = resultAt.get(e.getValue());
                if (cmd != null && res != null) {
                    post.add(e.getKey()[2] - e.getKey()[0]);
                    relay.add(cmd - e.getKey()[0]);
                    agent.add(res - cmd);
                    back.add(e.getKey()[1] - res);
                }
            }
            pending.clear();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("matched", relay.count());
            m.put("postAnswered", post.percentile(50));
            m.put("postToCommandOnKafka", relay.percentile(50));
            m.put("commandToResultOnKafka", agent.percentile(50));
            m.put("resultToAvailableSeen", back.percentile(50));
            return m;
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(5000);
            currentBreakdown = NONE;
        }
    }

    private List<String> simulatedHosts() {
        return java.util.stream.IntStream.rangeClosed(1, settings.simulatedHosts).mapToObj(n -> String.format("%s-%02d", HOST_PREFIX, n)).toList();
    }

    /** Enrols the simulated hosts through the API under one credential, as an admin would; the agent's Kafka settings. */
    private Map<String, String> enrolSimulatedHosts(String api) throws Exception {
        String password = null;
        for (String host : simulatedHosts()) {
            HttpResponse<String> enrolled = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/hosts"))
                    .header("Authorization", AdminCredential.bearer()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"hostId\":\"" + host + "\",\"credential\":\"" + HOST_PREFIX + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (enrolled.statusCode() != 201) {
                throw new IllegalStateException("Enrolling " + host + " failed: " + enrolled.statusCode() + " " + enrolled.body());
            }
            Matcher issued = Pattern.compile("\"password\":\"([^\"]+)\"").matcher(enrolled.body());
            if (password == null && issued.find()) {
                password = issued.group(1);
            }
        }
        return new KafkaAccess(kafka.bootstrapServers(), KafkaGrants.hostUser(HOST_PREFIX), password, "SCRAM-SHA-512").serviceEnvironment();
    }

    /**
     * What the simulated hosts hold at the end, from each host's last report, against the volumes the inventory has:
     * an image no volume has was made twice (or orphaned), a volume without its image was lost.
     */
    private Map<String, Object> holdings(String api) throws Exception {
        Thread.sleep(2000); // the reports that follow the last commands reach the broker
        java.util.Set<String> held = new java.util.HashSet<>();
        int images = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(kafka.admin().properties(), new StringDeserializer(),
                new StringDeserializer())) {
            for (String host : simulatedHosts()) {
                org.apache.kafka.common.TopicPartition topic = new org.apache.kafka.common.TopicPartition(Topics.ofHost(Topics.HOST_REPORTS, host), 0);
                consumer.assign(List.of(topic));
                long end = consumer.endOffsets(List.of(topic)).get(topic);
                consumer.seek(topic, Math.max(0, end - 1));
                List<ConsumerRecord<String, String>> last = consumer.poll(Duration.ofSeconds(5)).records(topic);
                if (last.isEmpty()) {
                    throw new IllegalStateException("No host report of " + host + " to count its images");
                }
                for (JsonNode image : JSON.readTree(last.get(last.size() - 1).value()).path("images")) {
                    held.add(image.path("path").asText());
                    images++;
                }
            }
        }
        java.util.Set<String> volumes = new java.util.HashSet<>();
        for (int page = 0;; page++) {
            String body = get(api + "/api/v1/volumes?state=AVAILABLE&pageSize=500&page=" + page).body();
            Matcher path = IMAGE_PATH.matcher(body);
            int found = 0;
            while (path.find()) {
                volumes.add(path.group(1));
                found++;
            }
            if (found < 500) {
                break;
            }
        }
        java.util.Set<String> missing = new java.util.HashSet<>(volumes);
        missing.removeAll(held);
        java.util.Set<String> extra = new java.util.HashSet<>(held);
        extra.removeAll(volumes);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", volumes.size());
        m.put("hostsHold", images);
        m.put("madeTwice", extra.size() + (images - held.size()));
        m.put("missing", missing.size());
        Main.log("pipeline: the inventory has %d AVAILABLE volumes, the hosts hold %d images: %d missing, %d extra", volumes.size(), images,
                missing.size(), extra.size());
        return m;
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", AdminCredential.bearer()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
