package dev.domstore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.Postgres;
import dev.domstore.testsupport.ProjectPaths;

/**
 * Runs the benchmarks against the real system and writes {@code bench/results/<time>.json} and
 * {@code .md} (and {@code latest.json}, {@code latest.md}). Nothing here is a test: figures are
 * reported, never asserted.
 *
 * <pre>
 * bench/run                      # all three, about 6-8 minutes
 * bench/run --only guard,agent   # some of them
 * bench/run --quick              # tiny sizes, to check that it works
 * </pre>
 */
public final class Main {
    /** Sizes of one run. */
    static final class Settings {
        int[] concurrency = {1, 8, 32};
        /** Volumes per level (1 GiB sparse images; a simulated host's image root holds 1 TiB). */
        int[] pipelineOps = {30, 150, 300};
        /** A level stops issuing new creates after this long (the pipeline may be slow). */
        int pipelineLevelSeconds = 50;
        /** Enough for the services' and the broker's JIT to settle: the first thousands of operations are several times slower. */
        int pipelineWarmup = 200;
        int simulatedHosts = 100;
        int floorOps = 2000;
        /** The pipeline and its floor run on a database of each durability, one after the other. */
        List<Postgres.Durability> durabilities = List.of(Postgres.Durability.NO_FSYNC, Postgres.Durability.FSYNC);
        int floorWarmup = 3000;
        int guardSnapshots = 10_000;
        int guardSeconds = 30;
        int agentRuns = 20;
        /** Creates before those measured: the broker's, the agent's and this JVM's clients' JIT settle, as in a host's long life. */
        int agentWarmup = 200;
        /** Plain round trips through the new broker before any benchmark: its JIT, as the floor found, needs thousands. */
        int brokerWarmup = 3000;
        int[] routingHosts = {10, 100, 1000};
        int routingCommands = 300;
        int routingCommandsPerSecond = 30;
        Set<String> only = Set.of("pipeline", "guard", "agent", "routing");

        static Settings quick() {
            Settings s = new Settings();
            s.concurrency = new int[] {1, 4};
            s.pipelineOps = new int[] {5, 20};
            s.pipelineWarmup = 4;
            s.simulatedHosts = 10;
            s.floorOps = 20;
            s.floorWarmup = 10;
            s.guardSnapshots = 500;
            s.guardSeconds = 10;
            s.agentRuns = 3;
            s.agentWarmup = 2;
            s.brokerWarmup = 10;
            s.routingHosts = new int[] {10, 50};
            s.routingCommands = 60;
            s.durabilities = List.of(Postgres.Durability.NO_FSYNC);
            s.pipelineLevelSeconds = 20;
            return s;
        }
    }

    private Main() {
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", DateTimeFormatter.ISO_LOCAL_TIME.format(Instant.now().atOffset(ZoneOffset.UTC)),
                String.format(Locale.ROOT, format, args));
    }

    public static void main(String[] args) throws Exception {
        List<String> argv = Arrays.asList(args);
        Settings settings = argv.contains("--quick") ? Settings.quick() : new Settings();
        int only = argv.indexOf("--only");
        if (only >= 0) {
            settings.only = Set.of(argv.get(only + 1).split(","));
        }
        int levels = argv.indexOf("--concurrency");
        if (levels >= 0) {
            settings.concurrency = Arrays.stream(argv.get(levels + 1).split(",")).mapToInt(Integer::parseInt).toArray();
            settings.pipelineOps = Arrays.stream(settings.concurrency).map(c -> Math.max(30, 10 * c)).toArray();
        }
        int warmup = argv.indexOf("--warmup");
        if (warmup >= 0) {
            settings.pipelineWarmup = Integer.parseInt(argv.get(warmup + 1));
        }
        int durabilityArg = argv.indexOf("--durability");
        if (durabilityArg >= 0) {
            settings.durabilities = Arrays.stream(argv.get(durabilityArg + 1).split(",")).map(Postgres.Durability::valueOf).toList();
        }
        Path root = ProjectPaths.root();
        Path resultsDir = root.resolve("bench").resolve("results");
        Path logDir = root.resolve("bench").resolve("target").resolve("service-logs");
        Files.createDirectories(resultsDir);
        dev.domstore.testsupport.TempDirs.deleteRecursively(logDir); // this run's logs only
        log("logs of the services: %s", logDir);

        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", machine(root));
        results.put("quick", argv.contains("--quick"));
        long start = System.nanoTime();
        KafkaBroker kafka = null;
        try {
            kafka = KafkaBroker.start();
            log("Kafka up");
            BrokerWarmup.roundTrips(kafka, settings.brokerWarmup);
            if (settings.only.contains("pipeline") || settings.only.contains("floor")) {
                Map<String, Object> byDurability = new LinkedHashMap<>();
                for (Postgres.Durability durability : settings.durabilities) {
                    try (Postgres postgres = Postgres.start(durability)) {
                        log("PostgreSQL up, %s", durability);
                        Map<String, Object> run = settings.only.contains("pipeline")
                                ? new PipelineBench(settings, postgres, kafka, logDir).run()
                                : new LinkedHashMap<>();
                        if (!argv.contains("--no-floor")) {
                            run.put("floor", new FloorBench(postgres, kafka).run(settings.concurrency, settings.floorOps, settings.floorWarmup));
                        }
                        byDurability.put(durability.name(), run);
                    }
                }
                results.put("pipeline", byDurability);
            }
            if (settings.only.contains("guard")) {
                results.put("guard", new GuardBench(settings, kafka, logDir).run());
            }
            if (settings.only.contains("routing")) {
                results.put("routing", new RoutingBench(kafka, settings.routingHosts, settings.routingCommands,
                        settings.routingCommandsPerSecond).run());
            }
            if (settings.only.contains("agent")) {
                results.put("agent", new AgentBench(settings, kafka, logDir).run());
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
        results.put("totalSeconds", Stats.round((System.nanoTime() - start) / 1e9));

        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(Instant.now().atOffset(ZoneOffset.UTC));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        String json = mapper.writeValueAsString(results);
        String md = Report.markdown(results);
        Files.writeString(resultsDir.resolve(stamp + ".json"), json);
        Files.writeString(resultsDir.resolve(stamp + ".md"), md);
        Files.writeString(resultsDir.resolve("latest.json"), json);
        Files.writeString(resultsDir.resolve("latest.md"), md);
        System.out.println(md);
        log("results: %s and %s", resultsDir.resolve(stamp + ".json"), resultsDir.resolve(stamp + ".md"));
        System.exit(0);
    }

    private static Map<String, Object> machine(Path root) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().toString());
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("memTotal", firstLine("/proc/meminfo"));
        m.put("kernel", command(root, "uname", "-r"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("commit", command(root, "git", "rev-parse", "--short", "HEAD"));
        m.put("workingTreeDirty", !command(root, "git", "status", "--porcelain").isBlank());
        return m;
    }

    private static String firstLine(String file) {
        try {
            return Files.readAllLines(Path.of(file)).get(0).replaceAll("\\s+", " ");
        } catch (IOException e) {
            return "?";
        }
    }

    private static String command(Path dir, String... argv) {
        try {
            Process p = new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out.lines().collect(Collectors.joining("; "));
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }
}
