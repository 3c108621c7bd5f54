package im.parley.routing;

import org.xmpp.packet.JID;

import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Addresses as a client wrote them, in their canonical form. RFC 7622 §3.2-3.3 (RFC 6122 before it): the domainpart
 * and the localpart are case-mapped, so {@code Juliet@Example.com} is the account {@code juliet@example.com}. Stanzas
 * are read without Tinder's validation (it is costly), which leaves their addresses as written: routed as written,
 * a message to a capitalised address of an offline account bounced (ADR 011).
 *
 * <p>The parts are prepared with Tinder's stringprep profiles (RFC 6122's nodeprep, nameprep and resourceprep, which
 * account names are prepared with too, so the two always agree), with RFC 7622's rules for the domainpart on top: a
 * trailing dot is stripped, an IP literal is kept as written, and an internationalised domain keeps its U-labels (the
 * form a server's domain is configured in) rather than becoming punycode. A resourcepart the older profile refuses
 * (characters newer than Unicode 3.2, such as emoji) is kept as written: before, every resource was.
 */
public final class Addresses {
    private static final int MAX_PART_BYTES = 1023; // RFC 7622 §3.1
    private static final int MAX_LABEL = 63; // RFC 1035 §2.3.4

    private Addresses() {
    }

    /**
     * Whether two canonical addresses belong to the same account (or both name the same domain): {@code
     * a.toBareJID().equals(b.toBareJID())} without building two strings, which interceptors would otherwise do for
     * every stanza.
     */
    public static boolean sameAccount(JID a, JID b) {
        return Objects.equals(a.getNode(), b.getNode()) && a.getDomain().equals(b.getDomain());
    }

    /**
     * The canonical form of {@code raw}. Most addresses already are (lowercase ASCII names, a printable ASCII
     * resource): {@link #isCanonicalAscii} tells, without building anything.
     *
     * @throws IllegalArgumentException if {@code raw} is not a valid JID (RFC 6120 §8.3.3.8: jid-malformed)
     */
    public static CanonicalJid canonical(String raw) {
        if (isCanonicalAscii(raw)) {
            return new CanonicalJid(raw);
        }
        int slash = raw.indexOf('/');
        String bare = slash < 0 ? raw : raw.substring(0, slash);
        int at = bare.indexOf('@');
        String node = at < 0 ? null : JID.nodeprep(bare.substring(0, at));
        String domain = domain(bare.substring(at + 1));
        String resource = slash < 0 ? null : resource(raw.substring(slash + 1));
        if (node != null && (node.isEmpty() || bytes(node) > MAX_PART_BYTES)) {
            throw new IllegalArgumentException("localpart of '" + raw + "' is empty or longer than 1023 bytes");
        }
        return new CanonicalJid(node, domain, resource);
    }

    /**
     * Whether preparing {@code raw} would leave it as it is: a localpart of {@code a-z 0-9 - . _}, a domainpart of
     * labels of {@code a-z 0-9 -} (1 to 63 characters, no hyphen at either end, no trailing dot: RFC 7622 §3.2), a
     * resourcepart of printable ASCII without spaces, each part within 1023 bytes (RFC 7622 §3.1).
     */
    public static boolean isCanonicalAscii(String raw) {
        int slash = raw.indexOf('/');
        int end = slash < 0 ? raw.length() : slash;
        int at = raw.lastIndexOf('@', end - 1);
        if (at == 0 || at > MAX_PART_BYTES || end - at - 1 > MAX_PART_BYTES) {
            return false;
        }
        for (int i = 0; i < at; i++) {
            char c = raw.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        if (!isLowercaseHostName(raw, at + 1, end)) {
            return false;
        }
        if (slash >= 0) {
            int length = raw.length() - slash - 1;
            if (length < 1 || length > MAX_PART_BYTES) {
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

    /** Dot-separated labels of {@code a-z 0-9 -}, each 1-63 characters without a hyphen at either end. */
    private static boolean isLowercaseHostName(String raw, int start, int end) {
        int labelStart = start;
        for (int i = start; i <= end; i++) {
            char c = i == end ? '.' : raw.charAt(i);
            if (c == '.') {
                int length = i - labelStart;
                if (length < 1 || length > MAX_LABEL || raw.charAt(labelStart) == '-' || raw.charAt(i - 1) == '-') {
                    return false;
                }
                labelStart = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static String domain(String written) {
        // RFC 7622 §3.2: a trailing dot is not part of the name, and an IP literal is not a name
        String domain = written.endsWith(".") ? written.substring(0, written.length() - 1) : written;
        if (domain.startsWith("[") && domain.endsWith("]") && domain.length() > 2) {
            return domain.toLowerCase(java.util.Locale.ROOT);
        }
        // RFC 7622 §3.2.1: an internationalised name in U-labels, not the punycode Tinder's nameprep gives; a name
        // written in A-labels stays in A-labels, as the fast path keeps it (ADR 011)
        boolean ascii = domain.chars().allMatch(c -> c < 0x80);
        String prepared = ascii ? JID.domainprep(domain) : IDN.toUnicode(JID.domainprep(domain));
        if (prepared.isEmpty() || bytes(prepared) > MAX_PART_BYTES) {
            throw new IllegalArgumentException("domainpart '" + written + "' is empty or longer than 1023 bytes");
        }
        return prepared;
    }

    private static String resource(String written) {
        if (written.isEmpty() || bytes(written) > MAX_PART_BYTES) {
            throw new IllegalArgumentException("resourcepart '" + written + "' is empty or longer than 1023 bytes");
        }
        try {
            return JID.resourceprep(written);
        } catch (IllegalArgumentException e) {
            return written; // case is kept in resources anyway; an emoji resource is routed as written
        }
    }

    private static int bytes(String part) {
        return part.getBytes(StandardCharsets.UTF_8).length;
    }
}
