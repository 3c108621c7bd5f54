package im.parley.transport;

import im.parley.config.ListenerConfig;
import im.parley.session.SessionContext;
import im.parley.framing.WireEncoding;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import im.parley.session.TlsHandlers;
import java.net.InetSocketAddress;
import java.util.Optional;

/** One bound TCP listener for client connections. */
public final class ClientListener implements AutoCloseable {
    private final Channel serverChannel;

    private ClientListener(Channel serverChannel) {
        this.serverChannel = serverChannel;
    }

    /** Binds now; throws if the address is taken. {@code directTls} present for XEP-0368 listeners. */
    public static ClientListener bind(ListenerConfig config, EventLoops loops, SessionContext context,
                                      Optional<TlsHandlers> directTls, WireEncoding encoding,
                                      ChannelGroup channels) {
        int limit = context.limits().outboundBufferBytes();
        Class<? extends ServerChannel> channelType = loops.serverChannelType();
        EventLoopGroup boss = loops.boss();
        Channel channel = new ServerBootstrap()
                .group(boss, loops.workers())
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // TCP keep-alives find dead peers even when the ping interval is long.
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // Past the high mark a client that does not read is closed (see ClientSession#deliver).
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(limit / 2, limit))
                .childHandler(new C2sChannelInitializer(context, directTls, encoding, channels))
                .bind(new InetSocketAddress(config.address(), config.port()))
                .syncUninterruptibly()
                .channel();
        return new ClientListener(channel);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
    }
}
