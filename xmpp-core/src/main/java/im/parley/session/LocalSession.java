package im.parley.session;

import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;
import org.xmpp.packet.StreamError;

/** A bound client session on this server, as routing sees it. Every method is safe to call from any thread. */
public interface LocalSession {
    /** The bound full JID. */
    JID jid();

    String streamId();

    /** Whether the client has sent available presence (RFC 6121 §4.2): it then receives bare-JID traffic. */
    boolean available();

    /** The priority of its last available presence (RFC 6121 §4.7.2.3), 0 before any. */
    int priority();

    /** The last presence the client sent without 'to' (RFC 6121 §4.2, §4.4), as the server keeps it for probes. */
    java.util.Optional<org.xmpp.packet.Presence> presence();

    /**
     * Queues a stanza for the client; writes are flushed once per batch. The packet is only read from here on:
     * callers fanning one stanza out to several sessions hand each its own copy.
     */
    void deliver(Packet packet);

    /**
     * Delivers the packet as {@link #deliver} does when that needs memory alone (no storage, nothing that waits) and
     * returns true; false, having done nothing, otherwise. Called on an event loop (ADR 015). The default is false.
     */
    default boolean deliverInMemory(Packet packet) {
        return false;
    }

    /** Ends the stream with this error, after the work already queued for the user. */
    void close(StreamError.Condition condition);
}
