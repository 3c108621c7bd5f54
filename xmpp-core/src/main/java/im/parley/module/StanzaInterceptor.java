package im.parley.module;

import java.util.Optional;
import org.xmpp.packet.Packet;

/**
 * Sees stanzas on their way in from, or out to, a local client. Runs on the owning user's ordered executor.
 * It may return the same packet, a changed copy, or empty when it consumed the stanza. It must not mutate a
 * packet it did not create: copy first (Tinder packets are not thread-safe and may be shared across a fan-out).
 */
@FunctionalInterface
public interface StanzaInterceptor {
    Optional<Packet> intercept(Packet packet, Requester session);
}
