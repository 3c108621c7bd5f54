package im.parley.ext.blocking;

import im.parley.module.Requester;
import im.parley.module.StanzaInterceptor;
import im.parley.routing.Addresses;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Presence;

/**
 * The last check before a stanza reaches a client, for what the server itself routes (presence broadcasts, probe
 * answers, offline messages queued before the block): nothing from a JID the recipient blocks (§3.3), and no
 * available presence from a user who blocks the recipient (§3.3: the blocked contact sees the user as offline).
 */
final class BlockedPresenceFilter implements StanzaInterceptor {
    private final BlockLists lists;

    BlockedPresenceFilter(BlockLists lists) {
        this.lists = lists;
    }

    @Override
    public Optional<Packet> intercept(Packet packet, Requester session) {
        return intercept(packet, session, lists::blocks);
    }

    /** The same from the lists in memory; a list gone meanwhile throws before anything is decided (ADR 015). */
    @Override
    public Optional<Packet> interceptInMemory(Packet packet, Requester session) {
        return intercept(packet, session, lists::blocksFromMemory);
    }

    private Optional<Packet> intercept(Packet packet, Requester session, BiPredicate<String, JID> blocks) {
        JID from = packet.getFrom();
        if (from == null || !session.authenticated() || !(packet instanceof Presence || packet instanceof Message)) {
            return Optional.of(packet);
        }
        JID recipient = session.fullJid();
        if (from.getNode() == null || Addresses.sameAccount(from, recipient)) {
            return Optional.of(packet); // the server and the user's own resources
        }
        boolean error = "error".equals(packet.getElement().attributeValue("type"));
        if (!error && blocks.test(recipient.getNode(), from)) {
            return Optional.empty();
        }
        if (packet instanceof Presence presence && presence.getType() != Presence.Type.unavailable
                && from.getDomain().equals(recipient.getDomain()) && blocks.test(from.getNode(), recipient)) {
            return Optional.empty();
        }
        return Optional.of(packet);
    }

    /**
     * A message is filtered from memory when its recipient's list is held there, as it is while the recipient is
     * online (ADR 015). Presence may read the sender's list from storage.
     */
    @Override
    public boolean inMemory(Packet packet, Requester session) {
        if (packet instanceof Presence) {
            return false;
        }
        return !(packet instanceof Message) || !session.authenticated()
                || lists.cached(session.fullJid().getNode()).isPresent();
    }
}
