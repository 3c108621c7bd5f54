package im.parley.session;

import im.parley.module.NotInMemoryException;
import im.parley.module.Requester;
import im.parley.module.StanzaInterceptor;
import java.util.List;
import java.util.Optional;
import org.xmpp.packet.Packet;

/**
 * Interceptors run from memory on an event loop (ADR 015), in order, until one cannot: it says it may block, or it
 * finds it needs storage after all ({@link NotInMemoryException}, thrown before it did anything). {@code next} is the
 * first that did not run, {@code packet} what the ones before it passed on (empty: one consumed it).
 */
record InMemoryPass(int next, Optional<Packet> packet) {
    static InMemoryPass run(List<StanzaInterceptor> interceptors, Packet packet, Requester session) {
        Optional<Packet> current = Optional.of(packet);
        int next = 0;
        while (next < interceptors.size() && current.isPresent()
                && interceptors.get(next).inMemory(current.get(), session)) {
            try {
                current = interceptors.get(next).interceptInMemory(current.get(), session);
            } catch (NotInMemoryException e) {
                break; // nothing done yet by this one: it runs again on the executor
            }
            next++;
        }
        return new InMemoryPass(next, current);
    }

    /** Whether the stanza is through all {@code count} interceptors, or one of them consumed it. */
    boolean finished(int count) {
        return packet.isEmpty() || next == count;
    }
}
