package dev.domstore.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.domstore.common.KafkaGrants;
import dev.domstore.common.Topics;
import dev.domstore.testsupport.AdminCredential;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.Postgres;
import dev.domstore.testsupport.ServiceProcess;
import dev.domstore.testsupport.TempDirs;

/**
 * Benchmark 1: REST create -> AVAILABLE of FILE volumes on simulated hosts, against the floor
 * any such design has (commit, produce acks=all, consume, commit), same broker, same database.
 */
final class PipelineBench {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");
    private static final String HOST_PREFIX = "sim";
    private static final String FLOOR_TOPIC = "bench.floor";

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
            ServiceProcess agent = ServiceProcess.launch("provisioning-agent", agentEnv, logDir);
            services.add(agent);
            agent.awaitHealthy(Duration.ofSeconds(120));
            String api = inventory.baseUrl();
            awaitHosts(api, settings.simulatedHosts);
            Main.log("pipeline: %d simulated hosts registered", settings.simulatedHosts);

            // Warm-up (JIT, connection pools), not recorded.
            runPipelineLevel(api, 4, settings.pipelineWarmup);

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

        out.put("floor", runFloor());
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
        return runWorkers(stats, concurrency, () -> {
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

    /** Runs {@code worker} on {@code concurrency} threads until each returns, and records their wall time in {@code stats}. */
    private static Stats runWorkers(Stats stats, int concurrency, Callable<Void> worker) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            pool.submit(worker);
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        stats.wall((System.nanoTime() - start) / 1e9);
        return stats;
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
                b.record(id.group(1), wall0, System.currentTimeMillis());
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
        private final List<long[]> done = java.util.Collections.synchronizedList(new ArrayList<>());
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
                            if (r.topic().equals("domstore.commands") && r.value().contains("\"CreateVolume\"")) {
                                commandAt.put(m.group(1), r.timestamp());
                            } else if (r.topic().equals("domstore.results") && r.value().contains("\"VolumeCreated\"")) {
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
            done.clear();
        }

        void record(String volumeId, long postedAt, long availableAt) {
            done.add(new long[] {postedAt, availableAt});
            pending.put(new long[] {postedAt, availableAt}, volumeId);
        }

        private final Map<long[], String> pending = new ConcurrentHashMap<>();

        Map<String, Object> summary() throws InterruptedException {
            Thread.sleep(500); // the last records reach the breakdown consumer
            Stats relay = new Stats();
            Stats agent = new Stats();
            Stats back = new Stats();
            for (Map.Entry<long[], String> e : pending.entrySet()) {
                Long cmd = commandAt.get(e.getValue());
                Long res = resultAt.get(e.getValue());
                if (cmd != null && res != null) {
                    relay.add(cmd - e.getKey()[0]);
                    agent.add(res - cmd);
                    back.add(e.getKey()[1] - res);
                }
            }
            pending.clear();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("matched", relay.count());
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

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", AdminCredential.bearer()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ floor

    /**
     * The floor: per operation one PostgreSQL commit (insert), a Kafka produce with acks=all
     * awaited, the record consumed by a polling consumer (as an agent would), and a second commit
     * (update). Same broker, same database, same concurrency levels.
     */
    private Map<String, Object> runFloor() throws Exception {
        Map<String, Object> floor = new LinkedHashMap<>();
        try (Admin a = Admin.create(kafka.admin().properties())) {
            a.createTopics(List.of(new NewTopic(FLOOR_TOPIC, 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), Postgres.USER, "unused");
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_floor (id uuid PRIMARY KEY, state text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz)");
        }
        Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread consumerThread = new Thread(() -> consume(waiting, stop), "floor-consumer");
        Properties p = kafka.admin().properties();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            consumerThread.start();
            Thread.sleep(3000); // the consumer joins its group and is assigned the partitions
            runFloorLevel(producer, waiting, 4, settings.floorWarmup);
            for (int c : settings.concurrency) {
                Stats s = runFloorLevel(producer, waiting, c, settings.floorOps);
                Main.log("floor c=%d: %s", c, s.toMap());
                floor.put(Integer.toString(c), s.toMap());
            }
        } finally {
            stop.set(true);
            consumerThread.join(10_000);
        }
        return floor;
    }

    private void consume(Map<String, CompletableFuture<Void>> waiting, AtomicBoolean stop) {
        Properties config = kafka.admin().properties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-floor");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(FLOOR_TOPIC));
            while (!stop.get()) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    CompletableFuture<Void> f = waiting.remove(r.value());
                    if (f != null) {
                        f.complete(null);
                    }
                }
            }
        }
    }

    private Stats runFloorLevel(KafkaProducer<String, String> producer, Map<String, CompletableFuture<Void>> waiting,
            int concurrency, int ops) throws Exception {
        Stats stats = new Stats();
        AtomicInteger remaining = new AtomicInteger(ops);
        return runWorkers(stats, concurrency, () -> {
            try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), Postgres.USER, "unused");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO bench_floor (id, state) VALUES (?, 'REQUESTED')");
                    PreparedStatement update = c.prepareStatement("UPDATE bench_floor SET state = 'AVAILABLE', updated_at = now() WHERE id = ?")) {
                c.setAutoCommit(false);
                while (remaining.getAndDecrement() > 0) {
                    UUID id = UUID.randomUUID();
                    long t0 = System.nanoTime();
                    insert.setObject(1, id);
                    insert.executeUpdate();
                    c.commit();
                    CompletableFuture<Void> consumed = new CompletableFuture<>();
                    waiting.put(id.toString(), consumed);
                    producer.send(new ProducerRecord<>(FLOOR_TOPIC, "host-" + (id.hashCode() & 127), id.toString()))
                            .get(30, TimeUnit.SECONDS);
                    consumed.get(30, TimeUnit.SECONDS);
                    update.setObject(1, id);
                    update.executeUpdate();
                    c.commit();
                    stats.add((System.nanoTime() - t0) / 1e6);
                }
            } catch (Exception e) {
                stats.fail();
                Main.log("floor: %s", e);
            }
            return null;
        });
    }
}
