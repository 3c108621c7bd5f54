package im.parley.sasl;

import java.util.Objects;

/**
 * What an exchange needs to know about its connection.
 *
 * @param domain         our XMPP domain; the only domain an authzid may name (RFC 6120 §6.3.8)
 * @param secured        the stream is TLS-protected (PLAIN requires it)
 * @param channelBinding the channel-binding data of this TLS connection, {@link ChannelBinding#none()} without TLS
 * @param plusOffered    we advertised at least one -PLUS mechanism on this stream; a client that then says "y"
 *                       was downgraded (RFC 5802 §6)
 */
public record SaslContext(String domain, boolean secured, ChannelBinding channelBinding, boolean plusOffered) {
    public SaslContext {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(channelBinding, "channelBinding");
    }
}
