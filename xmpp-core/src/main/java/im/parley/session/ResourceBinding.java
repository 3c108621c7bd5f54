package im.parley.session;

import im.parley.module.StanzaErrorException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.dom4j.Element;
import org.xmpp.packet.JID;
import org.xmpp.packet.PacketError;

/** RFC 6120 §7: the resource a client asked for, or one the server makes up. */
final class ResourceBinding {
    static final String NAMESPACE = "urn:ietf:params:xml:ns:xmpp-bind";
    private static final SecureRandom random = new SecureRandom();

    private ResourceBinding() {}

    /** The resource to bind for a {@code <bind/>} request, resourceprep'd. */
    static String resourceFor(Element bind) {
        String requested = bind.elementTextTrim("resource");
        if (requested == null || requested.isEmpty()) {
            return generated(); // RFC 6120 §7.6: server-generated resource
        }
        try {
            String prepped = JID.resourceprep(requested);
            // RFC 6120 §3.2.1 / RFC 7622 §3.4: at most 1023 bytes.
            if (prepped.isEmpty() || prepped.getBytes(StandardCharsets.UTF_8).length > 1023) {
                throw new StanzaErrorException(PacketError.Condition.bad_request, "resource length");
            }
            return prepped;
        } catch (IllegalArgumentException e) {
            // RFC 6120 §7.7.2.1: a resource that cannot be processed is bad-request.
            throw new StanzaErrorException(PacketError.Condition.bad_request, "resource cannot be prepared");
        }
    }

    /** Unique and unguessable, so that nobody can predict another session's full JID (RFC 6120 §7.6.1). */
    static String generated() {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return "parley-" + HexFormat.of().formatHex(bytes);
    }
}
