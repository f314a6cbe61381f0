package dev.domstore.localinfra;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} pairs, with the required ones checked. */
final class Args {
    private Args() {
    }

    static Map<String, String> parse(String[] args, String... required) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                usage("unexpected argument '" + args[i] + "'", required);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0) {
            usage("'" + args[args.length - 1] + "' has no value", required);
        }
        for (String name : required) {
            if (!options.containsKey(name)) {
                usage("--" + name + " is required", required);
            }
        }
        return options;
    }

    private static void usage(String problem, String[] required) {
        StringBuilder text = new StringBuilder("Error: ").append(problem).append(". Usage:");
        for (String name : required) {
            text.append(" --").append(name).append(" VALUE");
        }
        System.err.println(text);
        System.exit(2);
    }
}
