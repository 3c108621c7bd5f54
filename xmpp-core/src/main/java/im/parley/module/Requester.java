package im.parley.module;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.xmpp.packet.JID;

/**
 * The local client a stanza came from. {@code jid} is the full JID once bound, empty before.
 * {@code streamId} identifies the connection (unique per server run).
 */
public record Requester(Optional<JID> jid, String streamId, InetSocketAddress remoteAddress, boolean secured) {
    public boolean authenticated() {
        return jid.isPresent();
    }

    /** The bound full JID; only for handlers registered with {@link ModuleRegistrar#iq}. */
    public JID fullJid() {
        return jid.orElseThrow(() -> new IllegalStateException("stream " + streamId + " is not authenticated"));
    }
}
