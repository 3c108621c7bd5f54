package im.parley.session;

import im.parley.sasl.ChannelBinding;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

/** The server's TLS for client streams, as a connection needs it: a handler per connection, then its channel binding. */
public interface TlsHandlers {
    /** A server-side TLS handler for {@code channel}; {@code startTls} lets the next write leave in the clear (RFC 6120 §5.4.2.3). */
    SslHandler newHandler(Channel channel, boolean startTls);

    /** Channel-binding data of a connection whose TLS handshake has completed (RFC 5056), read once. */
    ChannelBinding channelBinding(SslHandler completedHandshake);
}
