package dev.domstore.inventory.domain;

/**
 * A request the inventory refuses. Each rule has a stable problem type and HTTP status; the
 * message tells the caller what to do instead. Nothing is written when one is thrown.
 */
public class RuleViolation extends RuntimeException {

    public enum Rule {
        UNKNOWN_HOST(422, "unknown-host", "Unknown host"),
        DUPLICATE_NAME(409, "duplicate-name", "Name already in use on this host"),
        UNSUPPORTED_KIND(422, "unsupported-kind", "Volume kind not supported"),
        VOLUME_NOT_FOUND(404, "volume-not-found", "No such volume"),
        HOST_NOT_FOUND(404, "host-not-found", "No such host"),
        VOLUME_DELETED(409, "volume-deleted", "Volume already deleted"),
        HOST_NOT_READY(409, "host-not-ready", "Host cannot take file-backed volumes");

        private final int status;
        private final String slug;
        private final String title;

        Rule(int status, String slug, String title) {
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        public int status() {
            return status;
        }

        public String slug() {
            return slug;
        }

        public String title() {
            return title;
        }
    }

    private final Rule rule;

    public RuleViolation(Rule rule, String message) {
        super(message);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
