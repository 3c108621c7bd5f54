package im.parley.module;

import org.xmpp.packet.PacketError;

/** Thrown by handlers to answer a stanza with an RFC 6120 §8.3 error; the dispatcher builds the reply. */
public class StanzaErrorException extends RuntimeException {
    private final PacketError.Condition condition;
    private final PacketError.Type type;

    public StanzaErrorException(PacketError.Condition condition, String text) {
        this(condition, condition.getDefaultType(), text);
    }

    public StanzaErrorException(PacketError.Condition condition) {
        this(condition, condition.getDefaultType(), null);
    }

    public StanzaErrorException(PacketError.Condition condition, PacketError.Type type, String text) {
        super(text == null ? condition.toXMPP() : condition.toXMPP() + ": " + text, null, false, false);
        this.condition = condition;
        this.type = type;
    }

    public PacketError.Condition condition() { return condition; }

    public PacketError.Type type() { return type; }

    /** The human-readable text for the error's {@code <text/>}, if any. */
    public java.util.Optional<String> text() {
        String m = getMessage();
        int colon = m.indexOf(": ");
        return colon < 0 ? java.util.Optional.empty() : java.util.Optional.of(m.substring(colon + 2));
    }
}
