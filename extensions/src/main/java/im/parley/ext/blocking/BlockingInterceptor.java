package im.parley.ext.blocking;

import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.StanzaInterceptor;
import im.parley.routing.Addresses;
import java.util.Optional;
import java.util.function.BiPredicate;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;
import org.xmpp.packet.PacketError;
import org.xmpp.packet.Presence;

/**
 * Stops, before routing, what a user sends to a JID they block (§3.5) and what a user sends to a local user who
 * blocks them (§3.3). Errors are sent back to the sender; the stanza itself goes no further.
 */
final class BlockingInterceptor implements StanzaInterceptor {
    private final BlockLists lists;
    private final ServerServices services;

    BlockingInterceptor(BlockLists lists, ServerServices services) {
        this.lists = lists;
        this.services = services;
    }

    @Override
    public Optional<Packet> intercept(Packet packet, Requester session) {
        return intercept(packet, session, lists::blocks);
    }

    /** The same from the lists in memory; a list gone meanwhile throws before anything is routed (ADR 015). */
    @Override
    public Optional<Packet> interceptInMemory(Packet packet, Requester session) {
        return intercept(packet, session, lists::blocksFromMemory);
    }

    private Optional<Packet> intercept(Packet packet, Requester session, BiPredicate<String, JID> blocks) {
        JID to = packet.getTo();
        if (to == null || !session.authenticated()) {
            return Optional.of(packet);
        }
        JID sender = session.fullJid();
        if (Addresses.sameAccount(to, sender)) {
            return Optional.of(packet); // one's own resources are never blocked
        }
        if (blocks.test(sender.getNode(), to)) {
            // §3.5: the user's server MUST NOT route it, and answers not-acceptable with <blocked/>.
            if (answerable(packet)) {
                services.route(error(packet, sender, PacketError.Condition.not_acceptable, true));
            }
            return Optional.empty();
        }
        if (isLocalUser(to) && blocks.test(to.getNode(), sender)) {
            // §3.3: presence gets no answer; messages SHOULD and IQ get/set MUST get service-unavailable, which is
            // also what an account without an available resource or storage answers: the block is not revealed.
            if (answerable(packet)) {
                services.route(error(packet, sender, PacketError.Condition.service_unavailable, false));
            }
            return Optional.empty();
        }
        return Optional.of(packet);
    }

    /** From memory when the lists it reads are held there: those of online users (ADR 015). */
    @Override
    public boolean inMemory(Packet packet, Requester session) {
        JID to = packet.getTo();
        if (to == null || !session.authenticated()) {
            return true;
        }
        JID sender = session.fullJid();
        if (Addresses.sameAccount(to, sender)) {
            return true;
        }
        return lists.cached(sender.getNode()).isPresent()
                && (!isLocalUser(to) || lists.cached(to.getNode()).isPresent());
    }

    private boolean isLocalUser(JID jid) {
        return jid.getNode() != null && services.domain().equals(jid.getDomain());
    }

    /** Presence is never answered; errors and IQ results never are either (RFC 6120 §8.3.1, §8.2.3). */
    private static boolean answerable(Packet packet) {
        return switch (packet) {
            case Message message -> message.getType() != Message.Type.error;
            case IQ iq -> iq.isRequest();
            default -> false;
        };
    }

    /** The error reply, from the address the stanza was sent to, back to the sender's resource. */
    private static Packet error(Packet stanza, JID sender, PacketError.Condition condition, boolean blocked) {
        Packet reply = stanza.createCopy();
        reply.setTo(sender);
        reply.setFrom(stanza.getTo());
        reply.setError(new PacketError(condition, condition.getDefaultType()));
        if (blocked) {
            reply.getElement().element("error").addElement("blocked", BlockingModule.ERRORS);
        }
        return reply;
    }
}
