package dev.domstore.bench;

import java.util.Locale;
import java.util.Map;

/** The markdown table of one run. */
final class Report {
    private Report() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        Map<String, Object> machine = (Map<String, Object>) r.get("machine");
        md.append("# domstore benchmark run\n\n");
        md.append(String.format(Locale.ROOT, "%s, commit %s%s; %s cores, %s; kernel %s; %s; %s s in all%s%n%n", machine.get("date"),
                machine.get("commit"), Boolean.TRUE.equals(machine.get("workingTreeDirty")) ? " (with uncommitted changes)" : "",
                machine.get("nproc"), machine.get("memTotal"), machine.get("kernel"), machine.get("java"), r.get("totalSeconds"),
                Boolean.TRUE.equals(r.get("quick")) ? " — QUICK run (tiny sizes): not representative" : ""));

        Map<String, Object> byDurability = (Map<String, Object>) r.get("pipeline");
        if (byDurability != null) {
            for (Map.Entry<String, Object> run : byDurability.entrySet()) {
                pipeline(md, run.getKey(), (Map<String, Object>) run.getValue());
            }
        }
        Map<String, Object> g = (Map<String, Object>) r.get("guard");
        if (g != null) {
            md.append("## 2. snapshot-guard at scale\n\n");
            md.append("| snapshots | crossing | published/s | ingest/s (to lag 0) | max lag | drained after s | extend requests | latency p50 ms | p99 ms | max ms | CPU cores avg | RSS idle MiB | RSS max MiB |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s %s | %s | %s | %s | %s | %s | %s |%n%n", g.get("snapshots"),
                    g.get("crossingSnapshots"), g.get("publishRatePerSecond"), g.get("ingestRatePerSecond"), g.get("maxLag"),
                    g.get("drainedAfterSeconds"), g.get("extendRequestsMatched"), g.get("extendRequestReasons"), g.get("latencyP50Ms"),
                    g.get("latencyP99Ms"), g.get("latencyMaxMs"), g.get("cpuCoresAverage"), g.get("rssIdleMiB"), g.get("rssMaxMiB")));
        }
        Map<String, Object> routing = (Map<String, Object>) r.get("routing");
        if (routing != null) {
            md.append("## 4. Commands routed to their hosts\n\n");
            md.append("| layout | hosts | commands | picked up | records fetched per command (all agents) | bytes fetched per command | pickup p50 ms | pickup p99 ms | broker CPU (cores) |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Map.Entry<String, Object> layout : routing.entrySet()) {
                for (Object value : ((Map<String, Object>) layout.getValue()).values()) {
                    Map<String, Object> m = (Map<String, Object>) value;
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", layout.getKey(), m.get("hosts"),
                            m.get("commands"), m.get("pickedUp"), m.get("recordsFetchedPerCommand"), m.get("bytesFetchedPerCommand"),
                            m.get("pickupP50Ms"), m.get("pickupP99Ms"), m.get("brokerCores")));
                }
            }
            md.append("\n");
        }
        Map<String, Object> a = (Map<String, Object>) r.get("agent");
        if (a != null) {
            Map<String, Object> tools = (Map<String, Object>) a.get("tools");
            Map<String, Object> agent = (Map<String, Object>) a.get("agent");
            md.append("## 3. Agent overhead (FILE create, 1 GiB ext4, REAL mode)\n\n");
            md.append("| path | runs | p50 ms | p95 ms | max ms |\n| --- | --- | --- | --- | --- |\n");
            md.append(String.format(Locale.ROOT, "| host tools alone (truncate + mkfs) | %s | %s | %s | %s |%n", tools.get("operations"),
                    tools.get("p50Ms"), tools.get("p95Ms"), tools.get("maxMs")));
            if (agent != null) {
                md.append(String.format(Locale.ROOT, "| agent: CreateVolume → VolumeCreated | %s | %s | %s | %s |%n", agent.get("operations"),
                        agent.get("p50Ms"), agent.get("p95Ms"), agent.get("maxMs")));
                md.append(String.format(Locale.ROOT, "%nRatio agent/tools at p50: %.2f× (+%.1f ms). Agent RSS: idle %s MiB, max under load %s MiB, after %s MiB; JVM: %s.%n%n",
                        num(agent.get("p50Ms")) / num(tools.get("p50Ms")), num(agent.get("p50Ms")) - num(tools.get("p50Ms")),
                        a.get("rssIdleMiB"), a.get("rssMaxUnderLoadMiB"), a.get("rssAfterMiB"), a.get("jvmArgs")));
            }
        }
        return md.toString();
    }

    /**
     * The pipeline against the floor on a database of one durability. The ratios are against the better floor of the
     * two ways of committing, for each measure: the best its parts can do.
     */
    @SuppressWarnings("unchecked")
    private static void pipeline(StringBuilder md, String durability, Map<String, Object> p) {
        Map<String, Object> pipe = (Map<String, Object>) p.getOrDefault("pipeline", Map.of());
        Map<String, Object> floors = (Map<String, Object>) p.get("floor");
        if (floors == null) {
            md.append("## 1. Pipeline, PostgreSQL ").append(durability).append(" (no floor in this run)\n\n").append(pipe).append("\n\n");
            return;
        }
        Map<String, Object> perRow = (Map<String, Object>) floors.get("PER_ROW");
        Map<String, Object> perPoll = (Map<String, Object>) floors.get("PER_POLL");
        md.append("## 1. Pipeline (REST create → AVAILABLE, FILE, simulated hosts) vs floor, PostgreSQL ").append(durability).append("\n\n");
        md.append("| concurrency | pipeline ops | ops/s | p50 ms | p99 ms | floor, commit per row: ops/s, p50, p99 ms | floor, commit per poll: ops/s, p50, p99 ms "
                + "| **p50 ratio** | **p99 ratio** | **throughput ratio** |\n");
        md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        for (String c : perRow.keySet()) {
            Map<String, Object> a = (Map<String, Object>) pipe.getOrDefault(c, Map.of());
            Map<String, Object> row = (Map<String, Object>) perRow.get(c);
            Map<String, Object> poll = (Map<String, Object>) perPoll.get(c);
            double p50 = num(a.get("p50Ms")) / Math.min(num(row.get("p50Ms")), num(poll.get("p50Ms")));
            double p99 = num(a.get("p99Ms")) / Math.min(num(row.get("p99Ms")), num(poll.get("p99Ms")));
            double tput = num(a.get("throughputPerSecond")) / Math.max(num(row.get("throughputPerSecond")), num(poll.get("throughputPerSecond")));
            md.append(String.format(Locale.ROOT, "| %s | %s (%s failed) | %s | %s | %s | %s, %s, %s | %s, %s, %s | %.1f× | %.1f× | %.2f× |%n", c,
                    a.get("operations"), a.get("failures"), a.get("throughputPerSecond"), a.get("p50Ms"), a.get("p99Ms"),
                    row.get("throughputPerSecond"), row.get("p50Ms"), row.get("p99Ms"), poll.get("throughputPerSecond"), poll.get("p50Ms"),
                    poll.get("p99Ms"), p50, p99, tput));
        }
        md.append("\nWhere the pipeline's time goes (p50 per stage, ms, from the record timestamps on Kafka):\n\n");
        md.append("| concurrency | matched | POST answered (202) | POST → CreateVolume on Kafka (inventory + outbox relay) | CreateVolume → VolumeCreated on Kafka (agent) | VolumeCreated → AVAILABLE seen (inventory consumer + waitFor answer) |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (String c : pipe.keySet()) {
            Map<String, Object> b = (Map<String, Object>) ((Map<String, Object>) pipe.get(c)).get("breakdownP50Ms");
            if (b != null) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s |%n", c, b.get("matched"), b.get("postAnswered"), b.get("postToCommandOnKafka"),
                        b.get("commandToResultOnKafka"), b.get("resultToAvailableSeen")));
            }
        }
        md.append(String.format(Locale.ROOT, "%nAfter the pipeline runs: inventory RSS %s MiB, %s CPU s; simulated agent RSS %s MiB, %s CPU s; "
                + "volumes the simulated hosts hold: %s, of %s created (%s made twice, %s missing).%n%n",
                p.get("inventoryRssMiB"), p.get("inventoryCpuSeconds"), p.get("simAgentRssMiB"), p.get("simAgentCpuSeconds"),
                p.get("hostsHold"), p.get("created"), p.get("madeTwice"), p.get("missing")));
    }

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
