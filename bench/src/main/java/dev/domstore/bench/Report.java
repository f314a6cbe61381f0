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

        Map<String, Object> p = (Map<String, Object>) r.get("pipeline");
        if (p != null) {
            Map<String, Object> pipe = (Map<String, Object>) p.get("pipeline");
            Map<String, Object> floor = (Map<String, Object>) p.get("floor");
            md.append("## 1. Pipeline (REST create → AVAILABLE, FILE, simulated hosts) vs floor (commit, produce acks=all, consume, commit)\n\n");
            md.append("| concurrency | pipeline ops | pipeline ops/s | p50 ms | p95 ms | p99 ms | floor ops/s | floor p50 ms | floor p95 ms | floor p99 ms | p50 ratio | throughput ratio |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (String c : pipe.keySet()) {
                Map<String, Object> a = (Map<String, Object>) pipe.get(c);
                Map<String, Object> f = (Map<String, Object>) floor.get(c);
                double p50 = num(a.get("p50Ms")) / num(f.get("p50Ms"));
                double tput = num(a.get("throughputPerSecond")) / num(f.get("throughputPerSecond"));
                md.append(String.format(Locale.ROOT, "| %s | %s (%s failed) | %s | %s | %s | %s | %s | %s | %s | %s | %.1f× | %.3f× |%n", c,
                        a.get("operations"), a.get("failures"), a.get("throughputPerSecond"), a.get("p50Ms"), a.get("p95Ms"), a.get("p99Ms"),
                        f.get("throughputPerSecond"), f.get("p50Ms"), f.get("p95Ms"), f.get("p99Ms"), p50, tput));
            }
            md.append("\nWhere the pipeline's time goes (p50 per stage, ms, from the record timestamps on Kafka):\n\n");
            md.append("| concurrency | matched | POST → CreateVolume on Kafka (inventory + outbox relay) | CreateVolume → VolumeCreated on Kafka (agent) | VolumeCreated → AVAILABLE seen (inventory consumer + waitFor answer) |\n");
            md.append("| --- | --- | --- | --- | --- |\n");
            for (String c : pipe.keySet()) {
                Map<String, Object> a = (Map<String, Object>) pipe.get(c);
                Map<String, Object> b = (Map<String, Object>) a.get("breakdownP50Ms");
                if (b != null) {
                    md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", c, b.get("matched"), b.get("postToCommandOnKafka"),
                            b.get("commandToResultOnKafka"), b.get("resultToAvailableSeen")));
                }
            }
            md.append(String.format(Locale.ROOT, "%nAfter the pipeline runs: inventory RSS %s MiB, %s CPU s; simulated agent RSS %s MiB, %s CPU s.%n%n",
                    p.get("inventoryRssMiB"), p.get("inventoryCpuSeconds"), p.get("simAgentRssMiB"), p.get("simAgentCpuSeconds")));
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

    private static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
