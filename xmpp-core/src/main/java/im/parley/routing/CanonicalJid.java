package im.parley.routing;

import org.xmpp.packet.JID;

import java.io.Serial;

/**
 * A JID in canonical form (ADR 011) that builds its string forms once. Tinder's {@link JID} builds them on every call,
 * and {@code Packet.getTo()} and {@code getFrom()} call {@code toString()} each time to check the JID they hold against
 * the attribute; with {@code hashCode()} built on {@code toString()} too, one routed message built the same few
 * strings a dozen times (ADR 022). {@code equals} and {@code hashCode} are JID's: equal to a plain {@link JID} with the
 * same parts, and the other way round.
 */
public final class CanonicalJid extends JID {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String full;
    /** Built on first use; a race builds an equal value twice, which is harmless. */
    private transient JID bare;

    /** Parts already prepared (nodeprep, domain, resourceprep), as {@link Addresses} and account names are. */
    public CanonicalJid(String node, String domain, String resource) {
        super(node, domain, resource, true);
        this.full = super.toString();
    }

    /** {@code canonical} as written: {@link Addresses#isCanonicalAscii} said preparation leaves it as it is. */
    CanonicalJid(String canonical) {
        super(canonical, true);
        this.full = canonical;
    }

    @Override
    public String toString() {
        return full;
    }

    @Override
    public String toFullJID() {
        return getResource() == null ? super.toFullJID() : full; // super throws, as Tinder's does without a resource
    }

    @Override
    public String toBareJID() {
        return asBareJID().toString();
    }

    @Override
    public JID asBareJID() {
        if (getResource() == null) {
            return this;
        }
        JID b = bare;
        if (b == null) {
            b = new CanonicalJid(getNode(), getDomain(), null);
            bare = b;
        }
        return b;
    }
}
