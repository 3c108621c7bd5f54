package im.parley.sasl;

import java.util.Optional;
import org.xmpp.packet.JID;

/** Usernames and authorization identities as SASL mechanisms carry them. */
final class SaslNames {
    private SaslNames() {
    }

    /** RFC 5802 §5.1: saslname, where ',' and '=' travel as "=2C" and "=3D"; any other '=' is invalid. */
    static Optional<String> decodeSaslName(String saslName) {
        StringBuilder out = new StringBuilder(saslName.length());
        for (int i = 0; i < saslName.length(); i++) {
            char c = saslName.charAt(i);
            if (c == ',') {
                return Optional.empty();
            }
            if (c == '=') {
                if (saslName.startsWith("2C", i + 1)) {
                    out.append(',');
                } else if (saslName.startsWith("3D", i + 1)) {
                    out.append('=');
                } else {
                    return Optional.empty();
                }
                i += 2;
            } else {
                out.append(c);
            }
        }
        return Optional.of(out.toString());
    }

    /**
     * The account name an authentication identity refers to: SASLprep (RFC 5802 §5.1, RFC 4616 §2), then XMPP
     * nodeprep because accounts are keyed by localpart (RFC 6120 §6.3.7). Empty if either profile rejects it.
     */
    static Optional<String> prepareUsername(String username) {
        Optional<String> prepared = SaslPrep.prepare(username).filter(s -> !s.isEmpty());
        if (prepared.isEmpty()) {
            return Optional.empty();
        }
        try {
            String node = JID.nodeprep(prepared.get());
            return node == null || node.isEmpty() ? Optional.empty() : Optional.of(node);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** RFC 6120 §6.3.8: we accept no authzid, or one that names the authenticated account's own bare JID. */
    static boolean authzidAllowed(String authzid, String username, String domain) {
        if (authzid.isEmpty()) {
            return true;
        }
        try {
            JID jid = new JID(authzid);
            return jid.getResource() == null && username.equals(jid.getNode()) && JID.domainprep(domain).equals(jid.getDomain());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
