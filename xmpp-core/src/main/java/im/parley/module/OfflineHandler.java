package im.parley.module;

import org.xmpp.packet.Message;

/**
 * Takes a message for an existing account that has no available resource (RFC 6121 §8.5.2.2.1, XEP-0160).
 * Runs on the sender's ordered executor and may block on storage; it must commit before returning true, because the
 * sender is told nothing more (an acknowledged message is never lost).
 */
@FunctionalInterface
public interface OfflineHandler {
    /** True when the message is stored; false when it cannot be (queue full): the sender gets service-unavailable. */
    boolean store(Message message);
}
