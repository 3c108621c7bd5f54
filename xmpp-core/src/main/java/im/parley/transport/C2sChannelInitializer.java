package im.parley.transport;

import im.parley.session.ClientSession;
import im.parley.session.SessionContext;
import im.parley.framing.WireEncoding;
import im.parley.flow.InboundShaper;
import im.parley.flow.TokenBucket;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import im.parley.session.TlsHandlers;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The pipeline of one client connection, on 5222 (STARTTLS) or 5223 (direct TLS, XEP-0368). */
final class C2sChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final SessionContext context;
    private final Optional<TlsHandlers> directTls;
    private final WireEncoding encoding;
    private final ChannelGroup channels;

    C2sChannelInitializer(SessionContext context, Optional<TlsHandlers> directTls, WireEncoding encoding,
                          ChannelGroup channels) {
        this.context = context;
        this.directTls = directTls;
        this.encoding = encoding;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        ClientSession session = new ClientSession(context, encoding);
        // First: counts the client's bytes as they come off the socket, TLS records included.
        int rate = context.limits().inboundBytesPerSecond();
        if (rate > 0) {
            pipeline.addLast(InboundShaper.NAME, new InboundShaper(
                    new TokenBucket(rate, context.limits().inboundBurstBytes(), System.nanoTime()),
                    session.reading(), System::nanoTime));
        }
        // XEP-0368: TLS from the first byte; on 5222 the session inserts it at STARTTLS.
        directTls.ifPresent(tls -> pipeline.addLast("tls", tls.newHandler(channel, false)));
        // Silence before authentication ends the stream; after binding the session swaps in a ping interval.
        pipeline.addLast("idle", new IdleStateHandler(context.limits().idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        // The negotiation state machine and, once bound, the hand-off of stanzas to the user's ordered executor.
        pipeline.addLast("session", session);
        // XML framing (bytes <-> frames) sits just before the session; another wire encoding can replace it.
        encoding.install(pipeline, "session");
        channels.add(channel);
    }
}
