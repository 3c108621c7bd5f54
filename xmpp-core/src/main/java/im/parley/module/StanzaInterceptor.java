package im.parley.module;

import java.util.Optional;
import org.xmpp.packet.Packet;
import org.xmpp.packet.Message;

/**
 * Sees stanzas on their way in from, or out to, a local client. Runs on the owning user's ordered executor, or, for
 * a stanza every interceptor says it handles {@linkplain #inMemory in memory}, on the connection's event loop in the
 * executor's place (ADR 015). It may return the same packet, a changed copy, or empty when it consumed the stanza.
 * It must not mutate a packet it did not create: copy first (Tinder packets are not thread-safe and may be shared
 * across a fan-out).
 */
@FunctionalInterface
public interface StanzaInterceptor {
    Optional<Packet> intercept(Packet packet, Requester session);

    /**
     * Whether {@link #intercept} would handle this packet from memory alone: no storage, no lock another thread may
     * hold long, nothing that waits. Asked on an event loop just before {@code intercept}; only a yes lets the stanza
     * be handled there. The default is no, so an interceptor that does not know runs where it may block.
     */
    default boolean inMemory(Packet packet, Requester session) {
        return false;
    }

    /**
     * {@link #intercept} on an event loop, right after {@link #inMemory} said yes for this packet. The default is
     * {@code intercept} itself. An interceptor whose {@code intercept} could wait (a full write queue) does the same
     * without waiting here; one whose answer could need storage after all, because something changed on another
     * thread since {@code inMemory} (a user went offline), throws {@link NotInMemoryException} before doing anything.
     */
    default Optional<Packet> interceptInMemory(Packet packet, Requester session) {
        return intercept(packet, session);
    }

    /**
     * {@code others}, for every stanza but messages, which pass by untouched and in memory. For modules that register
     * a method reference looking at presence or IQs alone.
     */
    static StanzaInterceptor notForMessages(StanzaInterceptor others) {
        return new StanzaInterceptor() {
            @Override
            public Optional<Packet> intercept(Packet packet, Requester session) {
                return packet instanceof Message ? Optional.of(packet) : others.intercept(packet, session);
            }

            @Override
            public boolean inMemory(Packet packet, Requester session) {
                return packet instanceof Message;
            }
        };
    }
}
