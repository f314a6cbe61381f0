package dev.domstore.problems.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.domstore.problems.Problem;

class JsonBodyProblemsTest {
    record Export(String path, List<String> clients) {
    }

    record Request(String name, Boolean force, List<Export> exports) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static Problem problemOf(String body) {
        JsonProcessingException e = assertThrows(JsonProcessingException.class, () -> MAPPER.readValue(body, Request.class));
        return JsonBodyProblems.explain(e, "/api/v1/things");
    }

    @Test
    void anUnknownFieldIsNamedWithTheFieldsThereAre() {
        Problem problem = problemOf("{\"name\":\"x\",\"imagePath\":\"/etc/passwd\"}");
        assertEquals("https://domstore.dev/problems/unknown-field", problem.type());
        assertEquals(400, problem.status());
        assertEquals("imagePath", problem.field());
        assertTrue(problem.detail().contains("'imagePath' is not a field of this request; its fields are exports, force, name"), problem.detail());
    }

    @Test
    void anUnknownFieldInsideAListIsNamedByItsPath() {
        Problem problem = problemOf("{\"exports\":[{\"path\":\"/x\"},{\"path\":\"/y\",\"bogus\":1}]}");
        assertEquals("exports[1].bogus", problem.field());
    }

    @Test
    void aStringWhereAListBelongsSaysWhatItMustBeAndWhatCame() {
        Problem problem = problemOf("{\"exports\":[{\"clients\":\"1.2.3.4(rw)\"}]}");
        assertEquals("https://domstore.dev/problems/invalid-field-type", problem.type());
        assertEquals("exports[0].clients", problem.field());
        assertEquals("'exports[0].clients' must be a JSON array, not the string \"1.2.3.4(rw)\"; nothing was changed.", problem.detail());
    }

    @Test
    void aBooleanFieldGivenAWord() {
        Problem problem = problemOf("{\"force\":\"maybe\"}");
        assertEquals("force", problem.field());
        assertTrue(problem.detail().startsWith("'force' must be true or false"), problem.detail());
    }

    @Test
    void anArrayOrAStringForTheWholeBody() {
        for (String body : List.of("[]", "\"just a string\"", "42")) {
            Problem problem = problemOf(body);
            assertEquals("https://domstore.dev/problems/invalid-json", problem.type(), body);
            assertEquals("body", problem.field(), body);
            assertTrue(problem.detail().startsWith("The body must be a JSON object"), body + ": " + problem.detail());
        }
    }

    @Test
    void brokenJsonSaysWhereTheParserStopped() {
        Problem problem = problemOf("{\"name\":");
        assertEquals("https://domstore.dev/problems/invalid-json", problem.type());
        assertTrue(problem.detail().startsWith("The body could not be read as JSON: Unexpected end-of-input"), problem.detail());
    }
}
