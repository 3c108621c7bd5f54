package im.parley.ext.mam;

import im.parley.module.Requester;
import im.parley.module.ServerServices;
import im.parley.module.StanzaInterceptor;
import java.util.List;
import java.util.Optional;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.JID;
import org.xmpp.packet.Message;
import org.xmpp.packet.Packet;

/**
 * Takes a query of the user's own archive off the inbound path and routes the results, then the IQ result, on the
 * user's ordered executor. XEP-0313 §4: the server MUST send the IQ result after the last result message. An
 * {@link im.parley.module.IqHandler}'s reply is delivered before anything it routes, hence this interceptor (see the
 * package documentation). Anything else passes through untouched.
 */
final class ArchiveQueryInterceptor implements StanzaInterceptor {
    private final ArchiveQueries queries;
    private final ServerServices services;

    ArchiveQueryInterceptor(ArchiveQueries queries, ServerServices services) {
        this.queries = queries;
        this.services = services;
    }

    /** Messages pass by untouched (ADR 015). */
    @Override
    public boolean inMemory(Packet packet, Requester session) {
        return packet instanceof Message;
    }

    @Override
    public Optional<Packet> intercept(Packet packet, Requester session) {
        if (!(packet instanceof IQ iq) || !isOwnArchiveQuery(iq, session)) {
            return Optional.of(packet);
        }
        List<Packet> answer = queries.answer(iq);
        answer.forEach(services::route); // one executor per user: routed in this order, after this task
        return Optional.empty();
    }

    /** An IQ set with one {@code <query xmlns='urn:xmpp:mam:2'/>} to the account itself (no 'to', or its bare JID). */
    static boolean isOwnArchiveQuery(IQ iq, Requester session) {
        if (iq.getType() != IQ.Type.set || !session.authenticated() || iq.getElement().elements().size() != 1) {
            return false; // RFC 6120 §8.2.3 errors stay with the dispatcher
        }
        Element child = iq.getChildElement();
        if (child == null || !"query".equals(child.getName()) || !MamModule.NAMESPACE.equals(child.getNamespaceURI())) {
            return false;
        }
        JID to = iq.getTo();
        return to == null || (to.getResource() == null
                && to.toBareJID().equals(session.fullJid().toBareJID()));
    }
}
