package im.parley.stream;

import java.util.Optional;
import org.xmpp.packet.StreamError;

/**
 * A condition that ends the stream (RFC 6120 §4.9). Thrown anywhere in the pipeline or session;
 * one handler at the tail writes the {@code <stream:error/>}, closes the stream and logs one line.
 */
public class StreamErrorException extends RuntimeException {
    private final StreamError.Condition condition;
    private final String text;

    public StreamErrorException(StreamError.Condition condition, String text) {
        super(condition.toXMPP() + (text == null ? "" : ": " + text), null, false, false);
        this.condition = condition;
        this.text = text;
    }

    public StreamErrorException(StreamError.Condition condition) {
        this(condition, null);
    }

    public StreamError.Condition condition() { return condition; }

    public Optional<String> text() { return Optional.ofNullable(text); }
}
