package dev.domstore.nfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The real nfs-utils outputs under src/test/resources/host-captures (see the README there). */
public final class Captures {
    private Captures() {
    }

    public static String read(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/host-captures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No capture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A capture whose first line is the echoed exit code ("rc=0"), without that line. */
    public static String afterRcLine(String name) {
        String text = read(name);
        if (!text.startsWith("rc=")) {
            throw new IllegalArgumentException(name + " does not start with rc=");
        }
        return text.substring(text.indexOf('\n') + 1);
    }
}
