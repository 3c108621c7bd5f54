package im.parley.iq;

import im.parley.module.IqHandler;
import im.parley.module.Requester;
import im.parley.module.StanzaErrorException;
import java.util.Map;
import java.util.Optional;
import org.dom4j.Element;
import org.xmpp.packet.IQ;
import org.xmpp.packet.PacketError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands an IQ get/set to the handler registered for its payload namespace and returns the one reply. The only
 * place that turns handler exceptions into error replies.
 */
public final class IqDispatcher {
    private static final Logger log = LoggerFactory.getLogger(IqDispatcher.class);

    private final Map<String, IqHandler> handlers;

    public IqDispatcher(Map<String, IqHandler> handlers) {
        this.handlers = Map.copyOf(handlers);
    }

    /** Whether someone handles this namespace. */
    public boolean handles(String namespace) {
        return handlers.containsKey(namespace);
    }

    /** The reply to a get or set; empty for a result or error, which are never answered (RFC 6120 §8.2.3). */
    public Optional<IQ> dispatch(IQ request, Requester requester) {
        if (request.getType() != IQ.Type.get && request.getType() != IQ.Type.set) {
            return Optional.empty();
        }
        // RFC 6120 §8.2.3: a get or set MUST contain exactly one payload element.
        if (request.getElement().elements().size() != 1) {
            return Optional.of(error(request, new StanzaErrorException(PacketError.Condition.bad_request,
                    "an IQ get or set carries exactly one payload element")));
        }
        Element payload = request.getElement().elements().get(0);
        IqHandler handler = handlers.get(payload.getNamespaceURI());
        if (handler == null) {
            // RFC 6120 §8.4: an IQ nobody understands gets service-unavailable.
            return Optional.of(error(request, new StanzaErrorException(PacketError.Condition.service_unavailable)));
        }
        try {
            IQ reply = handler.handle(request, requester);
            reply.setID(request.getID());
            return Optional.of(reply);
        } catch (StanzaErrorException e) {
            return Optional.of(error(request, e));
        } catch (RuntimeException e) {
            log.error("IQ {} from {} ({}) failed", request.getID(), request.getFrom(), payload.getNamespaceURI(), e);
            return Optional.of(error(request, new StanzaErrorException(PacketError.Condition.internal_server_error)));
        }
    }

    /**
     * The error reply. It leaves out the request's payload (RFC 6120 §8.3.1 makes it optional), so that nothing the
     * client sent, such as a password (XEP-0077 §3.3), is echoed back.
     */
    public static IQ error(IQ request, StanzaErrorException e) {
        IQ reply = new IQ(IQ.Type.error, request.getID());
        reply.setTo(request.getFrom());
        reply.setFrom(request.getTo());
        PacketError error = new PacketError(e.condition(), e.type());
        e.text().ifPresent(error::setText);
        reply.setError(error);
        return reply;
    }
}
