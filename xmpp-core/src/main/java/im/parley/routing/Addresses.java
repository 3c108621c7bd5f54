package im.parley.routing;

import org.xmpp.packet.JID;

/**
 * Addresses as a client wrote them, in their canonical form. RFC 7622 §3.2-3.4 (RFC 6122 before it): the localpart
 * and domainpart are case-mapped, so {@code Juliet@Example.com} is the account {@code juliet@example.com}. Stanzas
 * are read without Tinder's validation (it is costly), which leaves their addresses as written: routed as written,
 * a message to a capitalised address of an offline account bounced.
 */
public final class Addresses {
    private Addresses() {
    }

    /**
     * The canonical form of {@code raw}. Most addresses already are (lowercase ASCII names, a printable ASCII
     * resource), and are returned without the full preparation.
     *
     * @throws IllegalArgumentException if {@code raw} is not a valid JID (RFC 6120 §8.3.3.8: jid-malformed)
     */
    public static JID canonical(String raw) {
        return isCanonicalAscii(raw) ? new JID(raw, true) : new JID(raw);
    }

    /**
     * Whether preparing {@code raw} would leave it as it is: localpart and domainpart of {@code a-z 0-9 - . _}
     * (no empty label, no trailing dot: RFC 7622 §3.2), a resourcepart of printable ASCII without spaces, within the 1023-byte
     * limits (RFC 7622 §3.1).
     */
    public static boolean isCanonicalAscii(String raw) {
        int slash = raw.indexOf('/');
        int end = slash < 0 ? raw.length() : slash;
        int at = -1;
        for (int i = 0; i < end; i++) {
            char c = raw.charAt(i);
            if (c == '@') {
                if (at >= 0) {
                    return false;
                }
                at = i;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        int domainStart = at + 1;
        if (at == 0 || at > 1023 || end == domainStart || end - domainStart > 1023 || raw.charAt(domainStart) == '.'
                || raw.charAt(end - 1) == '.') {
            return false;
        }
        int emptyLabel = raw.indexOf("..", domainStart);
        if (emptyLabel >= 0 && emptyLabel < end) {
            return false;
        }
        if (slash >= 0) {
            if (raw.length() - slash - 1 < 1 || raw.length() - slash - 1 > 1023) {
                return false;
            }
            for (int i = slash + 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c <= ' ' || c > '~') {
                    return false;
                }
            }
        }
        return true;
    }
}
