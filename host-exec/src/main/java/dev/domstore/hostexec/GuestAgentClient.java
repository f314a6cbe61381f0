package dev.domstore.hostexec;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.domstore.common.FailureReason;

/**
 * A client of one QEMU guest agent (qemu-ga) through the unix socket of its virtio-serial chardev:
 * one JSON request per line, one JSON response per line.
 *
 * <p>The agent serves one request at a time on one connection, so requests are serialised here
 * (callers on several threads interleave whole requests, never bytes). A connection starts with
 * {@code guest-sync-delimited}: the agent answers it with a 0xFF byte before the response, and
 * everything before that byte (a stale answer to a request of an earlier connection, a complaint
 * about a half request) is thrown away. After an IO error the connection is dropped and the next
 * request opens and synchronises a new one. When the agent cannot be reached at all the request
 * fails with {@link HostUnreachableException}.
 */
final class GuestAgentClient implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GuestAgentClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long a guest gets to answer the synchronisation: a booted guest answers in milliseconds. */
    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(3);
    /** How long one request may take; guest-exec and guest-exec-status return at once, whatever the command does. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final byte DELIMITER = (byte) 0xFF;

    private final Path socket;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}; null when there is none. */
    private Connection connection;

    GuestAgentClient(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /**
     * Sends {@code command} with {@code arguments} and returns the response's {@code return} member
     * (a missing node when the command returns nothing). A connection that turns out to be broken
     * before the request went out is replaced and the request sent again; so is one that breaks
     * while the answer is awaited, if the request may be repeated ({@code idempotent}).
     *
     * @throws ErrorReply the agent answered with an error
     * @throws HostUnreachableException the agent could not be asked, or did not answer
     */
    JsonNode execute(String command, ObjectNode arguments, boolean idempotent) throws ErrorReply {
        ObjectNode request = JSON.createObjectNode().put("execute", command);
        if (arguments != null) {
            request.set("arguments", arguments);
        }
        byte[] line = line(request);
        lock.lock();
        try {
            for (int attempt = 1;; attempt++) {
                boolean reused = connection != null;
                Connection current = connected();
                long deadline = System.nanoTime() + REQUEST_TIMEOUT.toNanos();
                boolean sent = false;
                try {
                    current.write(line, deadline);
                    sent = true;
                    return answer(current.readJsonLine(deadline));
                } catch (InterruptedIOException e) {
                    disconnect();
                    if (e instanceof SocketTimeoutException) {
                        throw unreachable("did not answer " + command + " within " + REQUEST_TIMEOUT.toMillis()
                                + " ms: check that the guest and its qemu-guest-agent still run", e);
                    }
                    Thread.currentThread().interrupt();
                    throw new HostOperationException(FailureReason.INTERNAL,
                            "Interrupted while waiting for the guest agent at " + socket + " to answer " + command, e);
                } catch (IOException e) {
                    disconnect();
                    // A connection kept from an earlier request may have died since (the agent restarted): one more try on a new one.
                    if (reused && attempt == 1 && (!sent || idempotent)) {
                        LOG.debugf("The connection to the guest agent at %s broke (%s); reconnecting", socket, e.getMessage());
                        continue;
                    }
                    throw unreachable("broke the connection during " + command + " (" + e.getMessage()
                            + "): check that QEMU and the guest's qemu-guest-agent still run", e);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops the connection; the next request opens a new one. */
    @Override
    public void close() {
        lock.lock();
        try {
            disconnect();
        } finally {
            lock.unlock();
        }
    }

    private JsonNode answer(JsonNode response) throws ErrorReply {
        JsonNode error = response.get("error");
        if (error != null) {
            throw new ErrorReply(error.path("desc").asText());
        }
        return response.path("return");
    }

    private Connection connected() {
        if (connection != null) {
            return connection;
        }
        if (!Files.exists(socket)) {
            throw unreachable("socket does not exist: check that the guest's QEMU is running with a virtio-serial chardev"
                    + " (server=on,wait=off) for qemu-guest-agent at this path", null);
        }
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        Connection opened;
        try {
            opened = Connection.open(socket, deadline);
        } catch (IOException e) {
            throw unreachable("cannot be connected to (" + e.getMessage() + "): check that the guest's QEMU is running;"
                    + " a socket left behind by a QEMU that died refuses connections", e);
        }
        try {
            synchronise(opened, deadline);
        } catch (SocketTimeoutException e) {
            opened.close();
            throw unreachable("did not answer guest-sync-delimited within " + SYNC_TIMEOUT.toMillis() + " ms: check that the guest"
                    + " has booted and runs qemu-guest-agent, and that no other client holds the socket (it serves one at a time)", e);
        } catch (InterruptedIOException e) {
            opened.close();
            Thread.currentThread().interrupt();
            throw new HostOperationException(FailureReason.INTERNAL, "Interrupted while connecting to the guest agent at " + socket, e);
        } catch (IOException e) {
            opened.close();
            throw unreachable("broke the connection during guest-sync-delimited (" + e.getMessage()
                    + "): check that the guest runs qemu-guest-agent", e);
        }
        LOG.debugf("Connected to the guest agent at %s", socket);
        connection = opened;
        return opened;
    }

    /** A leading 0xFF makes the agent drop any half request a client before left in the channel. */
    private void synchronise(Connection opened, long deadline) throws IOException {
        long id = ThreadLocalRandom.current().nextLong(1, 1L << 53);
        ObjectNode sync = JSON.createObjectNode().put("execute", "guest-sync-delimited");
        sync.putObject("arguments").put("id", id);
        byte[] request = line(sync);
        byte[] withReset = new byte[request.length + 1];
        withReset[0] = DELIMITER;
        System.arraycopy(request, 0, withReset, 1, request.length);

        opened.write(withReset, deadline);
        while (true) {
            opened.skipPast(DELIMITER, deadline);
            JsonNode response = opened.readJsonLine(deadline);
            if (response.path("return").asLong(-1) == id) {
                return;
            }
        }
    }

    private void disconnect() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private HostUnreachableException unreachable(String whatHappened, Throwable cause) {
        return new HostUnreachableException(socket, "The guest agent at " + socket + " " + whatHappened, cause);
    }

    private static byte[] line(ObjectNode request) {
        try {
            byte[] json = JSON.writeValueAsBytes(request);
            byte[] line = new byte[json.length + 1];
            System.arraycopy(json, 0, line, 0, json.length);
            line[json.length] = '\n';
            return line;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a guest agent request as JSON", e);
        }
    }

    /** The agent answered a request with an error object; the message is its description. */
    static final class ErrorReply extends Exception {
        ErrorReply(String description) {
            super(description);
        }
    }

    /** One open connection: a non-blocking channel with a selector, so that every read and write has a deadline. */
    private static final class Connection implements AutoCloseable {
        private final SocketChannel channel;
        private final Selector selector;
        private final SelectionKey key;
        private final ByteBuffer input = ByteBuffer.allocate(64 * 1024).flip();

        private Connection(SocketChannel channel, Selector selector) throws IOException {
            this.channel = channel;
            this.selector = selector;
            this.key = channel.register(selector, 0);
        }

        /** Non-blocking from the start: a listener whose backlog is full fails the connect instead of blocking it. */
        static Connection open(Path socket, long deadline) throws IOException {
            SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            Connection connection = null;
            try {
                channel.configureBlocking(false);
                connection = new Connection(channel, Selector.open());
                if (!channel.connect(UnixDomainSocketAddress.of(socket))) {
                    while (!channel.finishConnect()) {
                        connection.await(SelectionKey.OP_CONNECT, deadline);
                    }
                }
                return connection;
            } catch (IOException e) {
                if (connection != null) {
                    connection.close();
                }
                channel.close();
                throw e;
            }
        }

        void write(byte[] bytes, long deadline) throws IOException {
            ByteBuffer output = ByteBuffer.wrap(bytes);
            while (output.hasRemaining()) {
                if (channel.write(output) == 0) {
                    await(SelectionKey.OP_WRITE, deadline);
                }
            }
        }

        void skipPast(byte marker, long deadline) throws IOException {
            while (true) {
                while (input.hasRemaining()) {
                    if (input.get() == marker) {
                        return;
                    }
                }
                fill(deadline);
            }
        }

        /** The next non-empty line, as JSON. */
        JsonNode readJsonLine(long deadline) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int start = input.position();
                for (int i = start; i < input.limit(); i++) {
                    if (input.get(i) == '\n') {
                        line.write(input.array(), start, i - start);
                        input.position(i + 1);
                        if (line.size() > 0) {
                            return JSON.readTree(line.toByteArray());
                        }
                        line.reset();
                        start = i + 1;
                    }
                }
                line.write(input.array(), start, input.limit() - start);
                input.position(input.limit());
                fill(deadline);
            }
        }

        private void fill(long deadline) throws IOException {
            input.clear();
            try {
                int read;
                while ((read = channel.read(input)) == 0) {
                    await(SelectionKey.OP_READ, deadline);
                }
                if (read < 0) {
                    throw new EOFException("the agent closed the connection");
                }
            } finally {
                input.flip();
            }
        }

        private void await(int operation, long deadline) throws IOException {
            key.interestOps(operation);
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SocketTimeoutException("no answer in time");
            }
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
            selector.selectedKeys().clear();
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted");
            }
        }

        @Override
        public void close() {
            try {
                selector.close();
            } catch (IOException e) {
                // Nothing to do about it.
            }
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing to do about it.
            }
        }
    }
}
