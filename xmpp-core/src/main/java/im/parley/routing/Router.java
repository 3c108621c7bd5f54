package im.parley.routing;

import im.parley.module.Requester;
import org.xmpp.packet.Packet;

/** Delivers stanzas as RFC 6121 §8 says. A cluster implementation may replace the local one. */
public interface Router {
    /**
     * Routes a stanza whose {@code from} is already stamped. Runs on the sender's ordered executor (it may block
     * on storage). {@code origin} is the local client that sent it, or the server itself.
     */
    void route(Packet stanza, Requester origin);

    /**
     * Routes a stanza as {@link #route} would when that needs memory alone (ADR 015): no storage, nothing that waits.
     * May run on an event loop. False, having done nothing, when it would need more: then {@link #route} it on the
     * sender's ordered executor.
     */
    default boolean routeInMemory(Packet stanza, Requester origin) {
        return false;
    }
}
