package dev.domstore.hostexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.domstore.common.FailureReason;

/**
 * Commands run in a QEMU guest through its guest agent: {@code guest-exec} starts one (its output
 * captured, its environment exactly the one given, stdin the bytes given or /dev/null), then
 * {@code guest-exec-status} is polled, after 5 ms at first and then less and less often, up to every
 * 250 ms, until the agent reports it exited. The ceiling is that high because a guest agent answers
 * one request at a time: long-running commands (a {@code dmsetup wait} per snapshot) polled every
 * 50 ms kept a guest under emulation busy enough to delay other commands by tens of seconds.
 *
 * <p>The agent reports an exit only once every holder of the command's output pipes has closed
 * them, so a process the command left behind keeps it "running". To be able to kill everything a
 * command started, it runs under {@code setsid}, which makes it the leader of a new session (and
 * finds it through the {@code PATH} given, as the agent's own lookup may not); at the timeout
 * {@code pkill -KILL -s <pid>} kills the whole session, and the agent's record of the command is
 * collected. The guest needs util-linux ({@code setsid}) and procps ({@code pkill}).
 */
final class GuestAgentTransport implements CommandTransport {
    private static final Logger LOG = Logger.getLogger(GuestAgentTransport.class);
    /** guest-exec replaces the environment; this is the one commands find their programs with. */
    static final String GUEST_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Duration FIRST_POLL = Duration.ofMillis(5);
    private static final Duration LONGEST_POLL = Duration.ofMillis(250);
    /** How long a killed command (and the kill itself) gets to end before the runner moves on. */
    private static final Duration REAP_AFTER_KILL = Duration.ofSeconds(2);
    /** How setsid begins its complaint when it cannot execute (exit code 126) or find (127) the program. */
    private static final String SETSID_COMPLAINT = "setsid: ";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final GuestAgentClient agent;

    GuestAgentTransport(GuestAgentClient agent) {
        this.agent = agent;
    }

    @Override
    public Completion run(List<String> argv, Map<String, String> environment, Duration timeout, String stdin) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pid;
        try {
            pid = spawn("setsid", Stream.concat(Stream.of("--"), argv.stream()).toList(), environment, stdin);
        } catch (GuestAgentClient.ErrorReply e) {
            throw HostCommandException.notStarted(argv, e);
        }
        JsonNode status;
        try {
            status = awaitExit(pid, deadline);
        } catch (InterruptedException e) {
            killSession(pid, environment);
            Thread.currentThread().interrupt();
            throw new HostOperationException(FailureReason.INTERNAL, "Interrupted while waiting for '" + Argv.display(argv) + "'", e);
        }
        if (status == null) {
            killSession(pid, environment);
            throw HostCommandException.timedOut(argv, "did not finish within " + timeout.toMillis() + " ms and was killed");
        }
        return completion(argv, status);
    }

    @Override
    public boolean isLocal() {
        return false;
    }

    @Override
    public String where() {
        return " through the guest agent at " + agent.socket();
    }

    @Override
    public void close() {
        agent.close();
    }

    /** Starts {@code path} with {@code args} in the guest and returns its pid there. */
    private long spawn(String path, List<String> args, Map<String, String> environment, String stdin) throws GuestAgentClient.ErrorReply {
        ObjectNode request = NODES.objectNode().put("path", path);
        ArrayNode arg = request.putArray("arg");
        args.forEach(arg::add);
        ArrayNode env = request.putArray("env");
        environment.forEach((name, value) -> env.add(name + "=" + value));
        if (stdin != null) {
            request.put("input-data", Base64.getEncoder().encodeToString(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        request.put("capture-output", true);
        // Not repeated after a broken connection: the first may have started the command.
        return agent.execute("guest-exec", request, false).path("pid").asLong();
    }

    /** The status once the process exited; null if it has not by the deadline. */
    private JsonNode awaitExit(long pid, long deadline) throws InterruptedException {
        long pause = FIRST_POLL.toNanos();
        while (true) {
            TimeUnit.NANOSECONDS.sleep(Math.max(0, Math.min(pause, deadline - System.nanoTime())));
            JsonNode status = status(pid);
            if (status.path("exited").asBoolean()) {
                return status;
            }
            if (System.nanoTime() - deadline >= 0) {
                return null;
            }
            pause = Math.min(pause * 2, LONGEST_POLL.toNanos());
        }
    }

    private JsonNode status(long pid) {
        ObjectNode request = NODES.objectNode().put("pid", pid);
        try {
            return agent.execute("guest-exec-status", request, true);
        } catch (GuestAgentClient.ErrorReply e) {
            // The agent no longer knows the pid: it was restarted while the command ran.
            throw new HostUnreachableException(agent.socket(), "The guest agent at " + agent.socket() + " lost track of pid " + pid
                    + " (" + e.getMessage() + "); it was probably restarted while the command ran, so whether the command finished is unknown", e);
        }
    }

    /**
     * Kills every process of the command's session, then collects the agent's record of the
     * command (kept until its status is read after the exit). A failure here is only logged: the
     * command timed out (or was interrupted) either way.
     */
    private void killSession(long pid, Map<String, String> environment) {
        long until = System.nanoTime() + REAP_AFTER_KILL.toNanos();
        List<String> kill = List.of("pkill", "-KILL", "-s", Long.toString(pid));
        LOG.debugf("Killing %s%s", Argv.display(kill), where());
        try {
            long killer = spawn(kill.get(0), kill.subList(1, kill.size()), environment, null);
            if (awaitExit(killer, until) == null || awaitExit(pid, until) == null) {
                LOG.warnf("Guest process %d (or '%s') was still there %d ms after the kill%s", pid, Argv.display(kill),
                        REAP_AFTER_KILL.toMillis(), where());
            }
        } catch (GuestAgentClient.ErrorReply | HostOperationException e) {
            LOG.warnf("Could not kill guest process %d and its session%s: %s", pid, where(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Completion completion(List<String> argv, JsonNode status) {
        int exitCode;
        if (status.has("exitcode")) {
            exitCode = status.get("exitcode").asInt();
        } else if (status.has("signal")) {
            exitCode = 128 + status.get("signal").asInt(); // As a shell and java.lang.Process report it.
        } else {
            throw new HostOperationException(FailureReason.INTERNAL,
                    "The guest agent reported neither an exit code nor a signal for '" + Argv.display(argv) + "': " + status);
        }
        if (status.path("out-truncated").asBoolean() || status.path("err-truncated").asBoolean()) {
            throw new HostOperationException(FailureReason.INTERNAL, "'" + Argv.display(argv)
                    + "' wrote more output than the guest agent keeps (16 MiB per stream), so its output is incomplete");
        }
        String stdout = decode(status.path("out-data"));
        String stderr = decode(status.path("err-data"));
        if ((exitCode == 126 || exitCode == 127) && stderr.startsWith(SETSID_COMPLAINT)) {
            throw HostCommandException.notStarted(argv, new IOException(stderr.substring(SETSID_COMPLAINT.length()).strip()));
        }
        return new Completion(exitCode, stdout, stderr);
    }

    private static String decode(JsonNode data) {
        return data.isMissingNode() ? "" : new String(Base64.getDecoder().decode(data.asText()), StandardCharsets.UTF_8);
    }
}
