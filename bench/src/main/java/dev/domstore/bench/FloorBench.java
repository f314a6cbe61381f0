package dev.domstore.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.Postgres;

/**
 * The floor: the four steps any design of this kind has, with plain clients tuned for latency, on the same broker and
 * database as the pipeline. A requester inserts a row and commits, and produces a command; a worker consumes it and
 * produces a result; a controller consumes the result, updates the row and commits, and the requester is told. The
 * clients: {@link TunedClients} (producers with {@code linger.ms=0} and {@code acks=all}, consumers with {@code fetch.max.wait.ms}
 * {@value TunedClients#FETCH_MAX_WAIT_MS}), and the controller applying each poll's results either with a commit per row or with one
 * commit per poll. Nothing here is domstore code: it is what domstore's pipeline is measured against.
 */
final class FloorBench {
    /** How the controller commits the results of one poll. */
    enum Commit {
        PER_ROW, PER_POLL
    }

    private final Postgres postgres;
    private final KafkaBroker kafka;

    FloorBench(Postgres postgres, KafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** For each way of committing: a warm-up, then {@code ops} operations at each concurrency. */
    Map<String, Object> run(int[] concurrency, int ops, int warmup) throws Exception {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_floor (id uuid PRIMARY KEY, state text NOT NULL, "
                    + "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz)");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Commit commit : Commit.values()) {
            Map<String, Object> levels = new LinkedHashMap<>();
            try (Loop loop = new Loop(commit)) {
                runLevel(loop, 8, warmup);
                for (int c : concurrency) {
                    Stats s = runLevel(loop, c, ops);
                    Main.log("floor (%s, commit %s) c=%d: %s", postgres.durability(), commit, c, s.toMap());
                    levels.put(Integer.toString(c), s.toMap());
                }
            }
            out.put(commit.name(), levels);
        }
        return out;
    }

    private Stats runLevel(Loop loop, int concurrency, int ops) throws InterruptedException {
        Stats stats = new Stats();
        AtomicInteger remaining = new AtomicInteger(ops);
        return Workers.run(stats, concurrency, () -> {
            try (Connection c = connection();
                    PreparedStatement insert = c.prepareStatement("INSERT INTO bench_floor (id, state) VALUES (?, 'REQUESTED')")) {
                c.setAutoCommit(false);
                while (remaining.getAndDecrement() > 0) {
                    UUID id = UUID.randomUUID();
                    long t0 = System.nanoTime();
                    insert.setObject(1, id);
                    insert.executeUpdate();
                    c.commit();
                    loop.request(id).get(30, TimeUnit.SECONDS);
                    stats.add((System.nanoTime() - t0) / 1e6);
                }
            } catch (Exception e) {
                stats.fail();
                Main.log("floor: %s", e);
            }
            return null;
        });
    }

    private Connection connection() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), Postgres.USER, "unused");
    }

    /** The command and result topics of one way of committing, the worker, and the controller. */
    private final class Loop implements AutoCloseable {
        private final String commands;
        private final String results;
        private final Commit commit;
        private final KafkaProducer<String, String> producer;
        private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final List<Thread> threads = new ArrayList<>();

        Loop(Commit commit) throws Exception {
            this.commit = commit;
            String run = commit.name().toLowerCase() + "-" + postgres.durability().name().toLowerCase();
            commands = "bench.floor.commands." + run;
            results = "bench.floor.results." + run;
            try (Admin admin = Admin.create(kafka.admin().properties())) {
                admin.createTopics(List.of(new NewTopic(commands, 1, (short) 1), new NewTopic(results, 1, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS);
            }
            producer = producer();
            CompletableFuture<Void> workerAssigned = new CompletableFuture<>();
            CompletableFuture<Void> controllerAssigned = new CompletableFuture<>();
            threads.add(new Thread(() -> work(workerAssigned), "floor-worker"));
            threads.add(new Thread(() -> control(controllerAssigned), "floor-controller"));
            threads.forEach(Thread::start);
            CompletableFuture.allOf(workerAssigned, controllerAssigned).get(60, TimeUnit.SECONDS);
        }

        CompletableFuture<Void> request(UUID id) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            waiting.put(id.toString(), done);
            producer.send(new ProducerRecord<>(commands, id.toString(), id.toString()), (metadata, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                }
            });
            return done;
        }

        /** The worker: each command consumed becomes a result produced. */
        private void work(CompletableFuture<Void> assigned) {
            try (KafkaConsumer<String, String> consumer = consumer("bench-floor-worker", commands);
                    KafkaProducer<String, String> results = producer()) {
                awaitAssignment(consumer, assigned);
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        results.send(new ProducerRecord<>(this.results, r.key(), r.value()));
                    }
                }
            }
        }

        /** The controller: each result consumed updates its row, committed per row or per poll. */
        private void control(CompletableFuture<Void> assigned) {
            try (KafkaConsumer<String, String> consumer = consumer("bench-floor-controller", results);
                    Connection c = connection();
                    PreparedStatement update = c.prepareStatement("UPDATE bench_floor SET state = 'AVAILABLE', updated_at = now() WHERE id = ?")) {
                c.setAutoCommit(false);
                awaitAssignment(consumer, assigned);
                while (!stop.get()) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                    for (ConsumerRecord<String, String> r : records) {
                        update.setObject(1, UUID.fromString(r.value()));
                        update.executeUpdate();
                        if (commit == Commit.PER_ROW) {
                            c.commit();
                            complete(r.value());
                        }
                    }
                    if (commit == Commit.PER_POLL && !records.isEmpty()) {
                        c.commit();
                        records.forEach(r -> complete(r.value()));
                    }
                }
            } catch (SQLException e) {
                Main.log("floor controller: %s", e);
            }
        }

        private void complete(String id) {
            CompletableFuture<Void> done = waiting.remove(id);
            if (done != null) {
                done.complete(null);
            }
        }

        private void awaitAssignment(KafkaConsumer<String, String> consumer, CompletableFuture<Void> assigned) {
            while (consumer.assignment().isEmpty() && !stop.get()) {
                consumer.poll(Duration.ofMillis(100));
            }
            // "latest" is resolved lazily: without this, a record produced before the first fetch would be skipped.
            consumer.assignment().forEach(consumer::position);
            assigned.complete(null);
        }

        private KafkaConsumer<String, String> consumer(String group, String topic) {
            Properties config = TunedClients.consumer(kafka.admin().properties());
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group + "-" + topic);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
            consumer.subscribe(List.of(topic));
            return consumer;
        }

        private KafkaProducer<String, String> producer() {
            return new KafkaProducer<>(TunedClients.producer(kafka.admin().properties()), new StringSerializer(), new StringSerializer());
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            for (Thread t : threads) {
                t.join(10_000);
            }
            producer.close();
        }
    }
}
