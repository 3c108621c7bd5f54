package im.parley.bench.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reference ceiling: pairs accepted sockets in order of arrival and copies bytes from each to its peer, with no
 * parsing and no TLS. What the chat scenario reaches through it is what this machine's TCP stack and the generator
 * allow; a server can only be a fraction of that. A socket waits unread until it has a peer, so nothing is lost.
 */
public final class RelayServer implements AutoCloseable {
    private static final AttributeKey<Channel> PEER = AttributeKey.valueOf("relay.peer");

    private final EventLoopGroup group;
    private final Channel server;
    private final AtomicReference<Channel> waiting = new AtomicReference<>();

    public RelayServer(String address, int port, int threads) {
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        server = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Pipe());
                        pair(ch);
                    }
                })
                .bind(new InetSocketAddress(address, port)).syncUninterruptibly().channel();
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private void pair(Channel ch) {
        Channel other = waiting.getAndSet(null);
        // A socket that closed while waiting (e.g. a port probe) must not take a peer: that pair's bytes would be lost.
        if (other == null || !other.isActive()) {
            if (!waiting.compareAndSet(null, ch)) {
                pair(ch);
            }
            return;
        }
        ch.attr(PEER).set(other);
        other.attr(PEER).set(ch);
        ch.config().setAutoRead(true);
        other.config().setAutoRead(true);
    }

    /** Copies each read buffer to the peer; flushes once per read batch. */
    private static final class Pipe extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel peer = ctx.channel().attr(PEER).get();
            peer.write(msg, peer.voidPromise());
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.channel().attr(PEER).get().flush();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Channel peer = ctx.channel().attr(PEER).get();
            if (peer != null) {
                peer.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
