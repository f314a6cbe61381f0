package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.security.Role;
import dev.domstore.testsupport.ProjectPaths;

/**
 * docs/api.md's table of who may call what, walked against the running service: every operation of
 * the OpenAPI document, as anonymous, viewer, operator and admin. An operation the table lacks fails.
 * The requests name nothing that exists (or send an empty body), so an allowed one is refused by a
 * rule after authorisation, and changes nothing.
 */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class AuthorizationMatrixTest {
    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE|PATCH) (/api/v1/[^`]*)` \\| (viewer|operator|admin) \\|$",
            Pattern.MULTILINE);
    private static final Map<String, String> PATH_VALUES = Map.of("id", UUID.randomUUID().toString(), "name", "matrix-nothing",
            "vdev", "sda1", "hostId", "matrix-no-host");
    private static final Map<Role, String> SECRETS = new HashMap<>();

    @TestFactory
    Stream<DynamicTest> everyOperationAsEveryRole() throws IOException {
        Map<String, Role> table = documentedRoles();
        JsonNode openapi = new ObjectMapper().readTree(given().accept(ContentType.JSON).get("/q/openapi?format=json").asString());
        List<String[]> operations = new java.util.ArrayList<>();
        openapi.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method ->
                operations.add(new String[] {method.toUpperCase(), path.getKey(), String.valueOf(path.getValue().path(method).has("requestBody"))})));
        return operations.stream().flatMap(operation -> {
            String key = operation[0] + " " + operation[1];
            return Stream.of(DynamicTest.dynamicTest(key + " is in docs/api.md's table", () -> assertNotNull(table.get(key),
                            key + " has no row in docs/api.md's 'Who may call what': add one with the role it needs")),
                    DynamicTest.dynamicTest(key + " as anonymous", () -> expect(send(operation, null), 401, key)),
                    DynamicTest.dynamicTest(key + " as viewer, operator and admin", () -> {
                        Role needed = table.get(key);
                        for (Role role : Role.values()) {
                            Response answer = send(operation, secret(role));
                            if (role.ordinal() < needed.ordinal()) {
                                expect(answer, 403, key + " as " + role.roleName());
                                assertTrue(answer.jsonPath().getString("detail").contains("needs the role " + needed.roleName()),
                                        key + " as " + role.roleName() + ": the 403 names the role: " + answer.asString());
                            } else {
                                assertNotEquals(401, answer.statusCode(), key + " as " + role.roleName() + ": " + answer.asString());
                                assertNotEquals(403, answer.statusCode(), key + " as " + role.roleName() + ": " + answer.asString());
                            }
                        }
                    }));
        });
    }

    static Map<String, Role> documentedRoles() throws IOException {
        String api = Files.readString(ProjectPaths.root().resolve("docs/api.md"));
        Map<String, Role> roles = new HashMap<>();
        Matcher row = ROW.matcher(api);
        while (row.find()) {
            roles.put(row.group(1) + " " + row.group(2), Role.parse("role", row.group(3)));
        }
        return roles;
    }

    private static Response send(String[] operation, String secret) {
        String path = operation[1];
        for (Map.Entry<String, String> value : PATH_VALUES.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        RequestSpecification request = secret == null ? given().auth().none() : given().auth().oauth2(secret);
        if (Boolean.parseBoolean(operation[2])) {
            request = request.contentType(ContentType.JSON).body("{}");
        }
        return request.request(operation[0], path);
    }

    private static void expect(Response answer, int status, String what) {
        assertEquals(status, answer.statusCode(), what + ": " + answer.asString());
        assertTrue(answer.contentType().startsWith("application/problem+json"), what + ": " + answer.contentType());
        assertEquals(status, answer.jsonPath().getInt("status"), what);
    }

    /** A token of {@code role}, made through the API by the first admin. */
    static synchronized String secret(Role role) {
        return SECRETS.computeIfAbsent(role, r -> given().contentType(ContentType.JSON)
                .body("{\"name\":\"matrix-" + r.roleName() + "-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"" + r.roleName() + "\"}")
                .post("/api/v1/tokens").then().statusCode(201).extract().path("secret"));
    }
}
