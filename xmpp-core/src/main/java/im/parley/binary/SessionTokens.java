package im.parley.binary;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The values that get the session tokens 0xC0–0xCF (docs/binary-encoding.md, "Negotiation"): the server's domains in the
 * order of the {@code <domain/>} elements of the stream feature, then, once the session is bound (or resumed), its own
 * bare JID and full JID. They are public to the session, so they need no origin partition. At most 16 in all.
 */
public record SessionTokens(List<String> domains, Optional<String> bareJid, Optional<String> fullJid) {
    public static final int MAX_TOKENS = 16;

    public SessionTokens {
        domains = List.copyOf(domains);
        Objects.requireNonNull(bareJid, "bareJid");
        Objects.requireNonNull(fullJid, "fullJid");
        int count = domains.size() + (bareJid.isPresent() ? 1 : 0) + (fullJid.isPresent() ? 1 : 0);
        if (count > MAX_TOKENS) {
            throw new IllegalArgumentException("session tokens: expected at most " + MAX_TOKENS + ", got " + count);
        }
    }

    /** Before resource binding: the domains only. */
    public static SessionTokens of(List<String> domains) {
        return new SessionTokens(domains, Optional.empty(), Optional.empty());
    }

    /** After resource binding or a stream resumption: the same domains, then the session's own JIDs. */
    public SessionTokens bound(String bareJid, String fullJid) {
        return new SessionTokens(domains, Optional.of(bareJid), Optional.of(fullJid));
    }

    /** The token values in wire order: token {@code 0xC0 + i} is element {@code i}. */
    String[] values() {
        List<String> values = new ArrayList<>(domains);
        bareJid.ifPresent(values::add);
        fullJid.ifPresent(values::add);
        return values.toArray(String[]::new);
    }
}
