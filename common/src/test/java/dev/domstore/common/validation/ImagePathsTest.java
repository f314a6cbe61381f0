package dev.domstore.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImagePathsTest {
    private static final String ROOT = "/var/lib/domstore/images";

    @Test
    void resolvesUnderTheRoot() {
        assertEquals(Path.of("/var/lib/domstore/images/vm1disk"), ImagePaths.resolve(ROOT, "vm1disk"));
        assertEquals(Path.of("/var/lib/domstore/images/vm1disk"), ImagePaths.resolve(ROOT + "/", "vm1disk"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/domstore/images/../x", "/etc/passwd", "/var/lib/domstore/images", "/var/lib/domstore/imagesX/a",
            "relative/path", "/var/lib/domstore/images/./../../x"})
    void refusesPathsThatEscape(String path) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ImagePaths.requireUnder(ROOT, path));
        assertEquals(InvalidInputException.Kind.PATH, e.kind());
    }

    @Test
    void acceptsPathsBelowTheRoot() {
        assertEquals(Path.of(ROOT, "a"), ImagePaths.requireUnder(ROOT, ROOT + "/sub/../a"));
    }

    @Test
    void refusesARelativeRoot() {
        assertThrows(InvalidInputException.class, () -> ImagePaths.resolve("images", "vm1disk"));
    }
}
