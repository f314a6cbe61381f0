package dev.domstore.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Walks every operation of a running service's OpenAPI document and sends it what it must refuse:
 * an Accept it cannot answer, a malformed id in the path, a query parameter of the wrong type and,
 * where it reads a body, the wrong Content-Type, a body that is no JSON object, an unknown field and
 * each field with a value of the wrong type. Each answer must be an RFC 7807 problem document
 * ({@code application/problem+json} with {@code type}, {@code title}, {@code status}, {@code detail}),
 * naming the field where there is one, and the service's state must be what it was. An operation
 * added later is probed the same way without anyone writing a test for it; one that reads a body
 * fails until the test gives a valid body for it, which the probes then spoil one way at a time.
 * Paths that no route serves are probed too: they must not fall through to the HTTP server's own page.
 */
public final class ApiContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final String UNKNOWN_FIELD = "bogusField";
    private static final String MALFORMED_ID = "not-a-uuid";

    private final URI base;
    private final JsonNode document;
    private final String authorization;

    private ApiContract(URI base, JsonNode document, String authorization) {
        this.base = base;
        this.document = document;
        this.authorization = authorization;
    }

    /**
     * The service at {@code base} (such as {@code http://127.0.0.1:8080}), by its {@code /q/openapi}. Every
     * probe carries the first admin token ({@link AdminCredential}), so that it passes authorisation and
     * meets the checks of what it sends.
     */
    public static ApiContract of(URI base) {
        Answer answer = send(base, null, new Probe("the OpenAPI document", "GET", "/q/openapi?format=json", null, "application/json", null, 200, null));
        assertEquals(200, answer.status(), "GET /q/openapi?format=json");
        try {
            return new ApiContract(base, JSON.readTree(answer.body()), AdminCredential.bearer());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A service that serves no API (the agent: only /q/health and /q/metrics): no operation to probe, only the paths no route serves. */
    public static ApiContract withoutApi(URI base) {
        return new ApiContract(base, JSON.createObjectNode(), AdminCredential.bearer());
    }

    /** One operation: {@code "POST /api/v1/volumes"}. */
    public record Operation(String method, String path, JsonNode spec) {
        @Override
        public String toString() {
            return method + " " + path;
        }

        boolean readsBody() {
            return spec.has("requestBody");
        }
    }

    /** A request and what must come back. {@code field}: the field the problem must name, or null. */
    public record Probe(String description, String method, String uri, String contentType, String accept, String body, int status,
            String field) {
    }

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation ->
                operations.add(new Operation(operation.getKey().toUpperCase(Locale.ROOT), path.getKey(), operation.getValue()))));
        return operations;
    }

    /**
     * One dynamic test per probe of every operation. {@code pathValues}: a valid value for each path
     * parameter by name; {@code validBodies}: by operation ({@code "PUT /api/v1/domains/{name}/disks/{vdev}"}),
     * a body the operation would accept; {@code state}: what must not change, read before and after each probe.
     */
    public Stream<DynamicTest> probeEveryOperation(Map<String, String> pathValues, Map<String, String> validBodies, Supplier<Object> state) {
        Stream<DynamicTest> operations = operations().stream().flatMap(operation -> probes(operation, pathValues, validBodies).stream()
                .map(probe -> DynamicTest.dynamicTest(operation + ": " + probe.description(), () -> {
                    Object before = state.get();
                    assertProblem(probe);
                    assertEquals(before, state.get(), "nothing was created or changed by " + operation + ": " + probe.description());
                })));
        Stream<DynamicTest> unserved = Stream.of(
                        new Probe("a path no route serves", "GET", "/nothing/here", null, null, null, 404, null),
                        new Probe("a typo under /q", "GET", "/q/healht", null, null, null, 404, null),
                        new Probe("a malformed path under /api", "DELETE", "/api/v1/nothing", null, null, null, 404, null))
                .map(probe -> DynamicTest.dynamicTest(probe.description(), () -> assertProblem(probe)));
        return Stream.concat(unserved, operations);
    }

    List<Probe> probes(Operation operation, Map<String, String> pathValues, Map<String, String> validBodies) {
        List<Probe> probes = new ArrayList<>();
        String uri = fill(operation, pathValues);
        String method = operation.method();
        probes.add(new Probe("an Accept it cannot answer", method, uri, operation.readsBody() ? "application/json" : null,
                "application/xml", operation.readsBody() ? validBody(operation, validBodies) : null, 406, null));
        for (JsonNode parameter : operation.spec().path("parameters")) {
            String name = parameter.path("name").asText();
            JsonNode schema = parameter.path("schema");
            String body = operation.readsBody() ? validBody(operation, validBodies) : null;
            String contentType = operation.readsBody() ? "application/json" : null;
            if ("path".equals(parameter.path("in").asText()) && isUuid(schema)) {
                String malformed = fill(operation, withValue(pathValues, name, MALFORMED_ID));
                probes.add(new Probe("a malformed " + name, method, malformed, contentType, null, body, 404, name));
            }
            if ("query".equals(parameter.path("in").asText()) && "integer".equals(schema.path("type").asText())) {
                probes.add(new Probe("a query parameter " + name + " that is no number", method,
                        uri + "?" + name + "=" + URLEncoder.encode("many", StandardCharsets.UTF_8), contentType, null, body, 400, name));
            }
        }
        if (!operation.readsBody()) {
            return probes;
        }
        String valid = validBody(operation, validBodies);
        probes.add(new Probe("a body that is not JSON (text/plain)", method, uri, "text/plain", null, valid, 415, null));
        probes.add(new Probe("a JSON array for a body", method, uri, "application/json", null, "[]", 400, "body"));
        probes.add(new Probe("a JSON string for a body", method, uri, "application/json", null, "\"text\"", 400, "body"));
        probes.add(new Probe("broken JSON", method, uri, "application/json", null, valid.substring(0, valid.length() - 1), 400, "body"));
        probes.add(new Probe("an unknown field", method, uri, "application/json", null, with(valid, UNKNOWN_FIELD, JSON.getNodeFactory().numberNode(1)),
                400, UNKNOWN_FIELD));
        for (Map.Entry<String, JsonNode> property : properties(operation)) {
            String name = property.getKey();
            boolean list = "array".equals(property.getValue().path("type").asText());
            JsonNode wrong = list ? JSON.getNodeFactory().textNode("not-a-list")
                    : JSON.createObjectNode().put("not", "a " + property.getValue().path("type").asText("value"));
            probes.add(new Probe("a " + (list ? "string" : "JSON object") + " for " + name, method, uri, "application/json", null,
                    with(valid, name, wrong), 400, name));
        }
        return probes;
    }

    /** Sends the probe and checks that the answer is the problem document it must be. */
    public void assertProblem(Probe probe) {
        Answer answer = send(base, authorization, probe);
        String what = probe.method() + " " + probe.uri() + " with " + probe.description();
        assertEquals(probe.status(), answer.status(), what + ": " + answer.body());
        assertTrue(answer.contentType().startsWith("application/problem+json"), what + ": Content-Type " + answer.contentType());
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError(what + ": the body is no JSON: " + answer.body(), e);
        }
        assertTrue(problem.path("type").asText().startsWith("https://domstore.dev/problems/"), what + ": type in " + problem);
        assertFalse(problem.path("title").asText().isBlank(), what + ": title in " + problem);
        assertEquals(probe.status(), problem.path("status").asInt(), what + ": status in " + problem);
        assertFalse(problem.path("detail").asText().isBlank(), what + ": detail in " + problem);
        if (probe.field() != null) {
            assertEquals(probe.field(), problem.path("field").asText(null), what + ": the field it names, in " + problem);
        }
    }

    private String validBody(Operation operation, Map<String, String> validBodies) {
        String body = validBodies.get(operation.toString());
        if (body == null) {
            fail(operation + " reads a body, and the contract test has no valid body for it: add one to its validBodies, so that every "
                    + "field of the operation is probed");
        }
        return body;
    }

    /** The request body's fields, from its schema (a $ref into the components resolved). */
    private Iterable<Map.Entry<String, JsonNode>> properties(Operation operation) {
        JsonNode content = operation.spec().path("requestBody").path("content");
        JsonNode schema = content.path("application/json").path("schema");
        if (schema.has("$ref")) {
            String name = schema.path("$ref").asText().replace("#/components/schemas/", "");
            schema = document.path("components").path("schemas").path(name);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.path("properties").fields();
        List<Map.Entry<String, JsonNode>> properties = new ArrayList<>();
        fields.forEachRemaining(properties::add);
        return properties;
    }

    private static boolean isUuid(JsonNode schema) {
        return "uuid".equals(schema.path("format").asText()) || (schema.has("$ref") && schema.path("$ref").asText().endsWith("/UUID"));
    }

    private static Map<String, String> withValue(Map<String, String> values, String name, String value) {
        HashMap<String, String> copy = new HashMap<>(values);
        copy.put(name, value);
        return copy;
    }

    private static String fill(Operation operation, Map<String, String> pathValues) {
        Matcher parameter = PATH_PARAMETER.matcher(operation.path());
        StringBuilder uri = new StringBuilder();
        while (parameter.find()) {
            String value = pathValues.get(parameter.group(1));
            if (value == null) {
                fail(operation + " has the path parameter {" + parameter.group(1) + "}, and the contract test has no value for it");
            }
            parameter.appendReplacement(uri, Matcher.quoteReplacement(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        parameter.appendTail(uri);
        return uri.toString();
    }

    private static String with(String body, String field, JsonNode value) {
        try {
            ObjectNode object = (ObjectNode) JSON.readTree(body);
            object.set(field, value);
            return JSON.writeValueAsString(object);
        } catch (IOException | ClassCastException e) {
            throw new IllegalArgumentException("A valid body must be a JSON object: " + body, e);
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    private static Answer send(URI base, String authorization, Probe probe) {
        HttpRequest.BodyPublisher body = probe.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(probe.body());
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(probe.uri())).timeout(Duration.ofSeconds(30))
                .method(probe.method(), body);
        if (probe.contentType() != null) {
            request.header("Content-Type", probe.contentType());
        }
        if (probe.accept() != null) {
            request.header("Accept", probe.accept());
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
