package im.parley.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/** The server's event loops: epoll on Linux, NIO elsewhere; one acceptor thread, one worker per core. */
public record EventLoops(EventLoopGroup boss, EventLoopGroup workers, Class<? extends ServerChannel> serverChannelType)
        implements AutoCloseable {

    /** Names of the event loops' threads, where nothing may block (ADR 004, ADR 015). */
    public static final String ACCEPT_THREADS = "parley-accept";
    public static final String IO_THREADS = "parley-io";

    public static EventLoops create() {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new EventLoops(
                new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(ACCEPT_THREADS), io),
                new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                        new DefaultThreadFactory(IO_THREADS), io),
                epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
    }

    @Override
    public void close() {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
