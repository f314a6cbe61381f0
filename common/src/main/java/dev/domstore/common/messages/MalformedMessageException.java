package dev.domstore.common.messages;

/** A payload on a topic that is not the message its topic carries. Consumers log and skip it. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String expectedType, Throwable cause) {
        super("Not a valid " + expectedType + ": " + cause.getMessage(), cause);
    }
}
