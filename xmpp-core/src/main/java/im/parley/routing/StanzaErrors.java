package im.parley.routing;

import java.util.Optional;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;

/** Builds RFC 6120 §8.3 error replies. */
public final class StanzaErrors {
    private StanzaErrors() {}

    /**
     * The error reply to a stanza: addressed back to its sender, from its intended recipient (or {@code server} when
     * it had none), with the original payload kept as §8.3.1 allows. Empty when the stanza is itself an error:
     * an error is never answered with an error (§8.3.1).
     */
    public static Optional<Packet> replyTo(Packet stanza, JID server, PacketError.Condition condition,
                                           PacketError.Type type, Optional<String> text) {
        if (!mayBeAnswered(stanza)) {
            return Optional.empty();
        }
        Packet reply = stanza.createCopy();
        reply.setTo(stanza.getFrom());
        reply.setFrom(stanza.getTo() == null ? server : stanza.getTo());
        PacketError error = new PacketError(condition, type);
        text.ifPresent(error::setText);
        reply.setError(error);
        return Optional.of(reply);
    }

    public static Optional<Packet> replyTo(Packet stanza, JID server, PacketError.Condition condition) {
        return replyTo(stanza, server, condition, condition.getDefaultType(), Optional.empty());
    }

    /** RFC 6120 §8.3.1 and §8.2.3: an error, or an IQ result, is never answered with an error. */
    public static boolean mayBeAnswered(Packet stanza) {
        return !isError(stanza) && !(stanza instanceof IQ iq && iq.getType() == IQ.Type.result);
    }

    static boolean isError(Packet stanza) {
        return "error".equals(stanza.getElement().attributeValue("type"));
    }
}
