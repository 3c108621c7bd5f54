package im.parley.testing;

import im.parley.module.Requester;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.UUID;
import org.xmpp.packet.JID;

/** Ready-made {@link Requester}s: a logged-in user, or a client that has not authenticated yet. */
public final class Requesters {
    /** TEST-NET-1 (RFC 5737): an address that is never a real peer. */
    public static final String DEFAULT_ADDRESS = "192.0.2.1";

    private Requesters() {}

    /** An authenticated, TLS-secured session bound to this full JID. */
    public static Requester user(String fullJid) {
        JID jid = new JID(fullJid);
        if (jid.getNode() == null || jid.getResource() == null) {
            throw new IllegalArgumentException("expected a full JID such as juliet@capulet.lit/balcony, got " + fullJid);
        }
        return new Requester(Optional.of(jid), streamId(), socket(DEFAULT_ADDRESS), true);
    }

    /** A TLS-secured stream that has not authenticated, connecting from this IP address literal. */
    public static Requester anonymous(String ipAddress) {
        return new Requester(Optional.empty(), streamId(), socket(ipAddress), true);
    }

    /** A stream that has neither TLS nor authentication. */
    public static Requester anonymousUnsecured(String ipAddress) {
        return new Requester(Optional.empty(), streamId(), socket(ipAddress), false);
    }

    private static String streamId() {
        return UUID.randomUUID().toString();
    }

    private static InetSocketAddress socket(String ipAddress) {
        try {
            // getByName only parses an IP literal; it never resolves a name here.
            boolean literal = ipAddress.matches("\\d{1,3}(\\.\\d{1,3}){3}") || ipAddress.contains(":");
            if (!literal) {
                throw new IllegalArgumentException("expected an IP address literal, got " + ipAddress);
            }
            return new InetSocketAddress(InetAddress.getByName(ipAddress), 49_152);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + ipAddress, e);
        }
    }
}
