package dev.domstore.agent.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When each host's report after its commands is due: once no command has finished on the host for
 * {@code settle}, and no later than {@code longestWait} after the first command it will report. A burst
 * of commands makes one report, after its last command, so the report's tools (lvs, vgs, losetup, find …)
 * do not compete with the commands for the host's CPU; a steady stream still gets a report every
 * {@code longestWait}.
 */
final class ReportsAfterCommands {
    private record Waiting(Instant first, Instant last) {
    }

    private final Duration settle;
    private final Duration longestWait;
    private final Map<String, Waiting> waiting = new LinkedHashMap<>();

    ReportsAfterCommands(Duration settle, Duration longestWait) {
        if (settle.isNegative() || longestWait.compareTo(settle) < 0) {
            throw new IllegalArgumentException("domstore.agent.report-after-commands must be between 0 and the longest wait ("
                    + longestWait + "), not " + settle);
        }
        this.settle = settle;
        this.longestWait = longestWait;
    }

    /** Notes a finished command of {@code hostId}; returns when the host's report will be due, unless more commands follow. */
    synchronized Instant commandFinished(String hostId, Instant now) {
        Waiting before = waiting.get(hostId);
        Waiting updated = new Waiting(before == null ? now : before.first(), now);
        waiting.put(hostId, updated);
        return dueAt(updated);
    }

    /** The hosts whose report is due at {@code now}, in the order their commands came; they wait no more. */
    synchronized List<String> takeDue(Instant now) {
        List<String> due = new ArrayList<>();
        for (Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Waiting> host = it.next();
            if (!dueAt(host.getValue()).isAfter(now)) {
                due.add(host.getKey());
                it.remove();
            }
        }
        return due;
    }

    private Instant dueAt(Waiting host) {
        Instant settled = host.last().plus(settle);
        Instant capped = host.first().plus(longestWait);
        return settled.isBefore(capped) ? settled : capped;
    }
}
