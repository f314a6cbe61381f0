package dev.domstore.common.validation;

/**
 * A user-facing input broke a rule. The kind is stable (the inventory turns it into a problem
 * document type); the message says what is wrong and how to fix it.
 */
public class InvalidInputException extends RuntimeException {

    /** The rule that was broken. */
    public enum Kind {
        SIZE("invalid-size"),
        NAME("invalid-name"),
        FILESYSTEM("invalid-filesystem"),
        PATH("invalid-path"),
        FIELD("invalid-field");

        private final String slug;

        Kind(String slug) {
            this.slug = slug;
        }

        /** The last segment of the problem document's type URI. */
        public String slug() {
            return slug;
        }
    }

    private final Kind kind;
    private final String field;

    public InvalidInputException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public Kind kind() {
        return kind;
    }

    /** The request field that holds the bad value. */
    public String field() {
        return field;
    }
}
