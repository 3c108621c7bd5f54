package im.parley.session;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import org.xmpp.packet.Packet;

/**
 * XEP-0198 counters and the queue of stanzas the client has not acknowledged yet. Outlives a connection when the
 * stream is resumable: a resumed stream takes over this object. The outbound side is written by whichever thread
 * delivers and read by the event loop, hence the lock; the inbound count moves on the user's ordered executor only.
 */
final class StreamManagement {
    static final String NAMESPACE = "urn:xmpp:sm:3";
    /** XEP-0198 §5: 'h' counts modulo 2^32. */
    private static final long MODULO_MASK = 0xFFFF_FFFFL;

    private final String id;
    private final boolean resumable;
    private final int maxUnacked;
    private final ArrayDeque<Packet> unacked = new ArrayDeque<>();
    private long sent;
    private long acked;
    private boolean ackRequested;
    private volatile long handled;

    StreamManagement(String id, boolean resumable, int maxUnacked) {
        this.id = id;
        this.resumable = resumable;
        this.maxUnacked = maxUnacked;
    }

    String id() {
        return id;
    }

    boolean resumable() {
        return resumable;
    }

    /** Stanzas received from the client and fully handled (delivered to a live session or stored). */
    long handled() {
        return handled & MODULO_MASK;
    }

    /** Called on the user's ordered executor once a counted inbound stanza has been routed. */
    void inboundHandled() {
        handled++;
    }

    /** Records an outbound stanza; false when the client lets too many go unacknowledged. */
    synchronized boolean sent(Packet stanza) {
        if (unacked.size() >= maxUnacked) {
            return false;
        }
        unacked.add(stanza);
        sent++;
        return true;
    }

    /**
     * Applies the client's {@code h}. Empty when it acknowledges more than was sent (XEP-0198 §4: a
     * handled-count-too-high error); otherwise the number of stanzas that were newly acknowledged.
     */
    synchronized Optional<Integer> acknowledge(long h) {
        long newlyAcked = (h - acked) & MODULO_MASK;
        if (newlyAcked > unacked.size()) {
            return Optional.empty();
        }
        for (long i = 0; i < newlyAcked; i++) {
            unacked.removeFirst();
        }
        acked = h & MODULO_MASK;
        ackRequested = false;
        return Optional.of((int) newlyAcked);
    }

    /** Whether to ask for an ack now: something is unacknowledged and no request is outstanding (one per batch). */
    synchronized boolean shouldRequestAck() {
        if (unacked.isEmpty() || ackRequested) {
            return false;
        }
        ackRequested = true;
        return true;
    }

    synchronized List<Packet> unacknowledged() {
        return List.copyOf(unacked);
    }

    /** Takes every unacknowledged stanza out, for re-routing when the session ends for good. */
    synchronized List<Packet> drain() {
        List<Packet> all = List.copyOf(unacked);
        unacked.clear();
        return all;
    }

    synchronized long sentCount() {
        return sent & MODULO_MASK;
    }

    /** A resumed stream asks anew. */
    synchronized void resumed() {
        ackRequested = false;
    }
}
