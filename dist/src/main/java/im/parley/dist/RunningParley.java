package im.parley.dist;

import im.parley.server.XmppServer;
import im.parley.storage.Storage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A started server with its storage. {@link #close()} ends every stream, then closes the database; it is idempotent. */
public final class RunningParley implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RunningParley.class);

    private final ParleyConfig config;
    private final XmppServer server;
    private final Storage storage;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    RunningParley(ParleyConfig config, XmppServer server, Storage storage) {
        this.config = config;
        this.server = server;
        this.storage = storage;
    }

    /** The ports actually bound (differs from the configuration where it asked for port 0). */
    public XmppServer.BoundPorts ports() {
        return server.ports();
    }

    /** The running XMPP server, for operators' tools and tests that watch the server's side. */
    public XmppServer server() {
        return server;
    }

    public ParleyConfig config() {
        return config;
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            awaitClosedUninterruptibly();
            return;
        }
        log.info("stopping Parley for {}: closing client streams, then storage", config.server().domain());
        try {
            // Streams first: sessions may still write to storage while they end (RFC 6120 §4.4 closing handshake).
            server.close();
        } finally {
            try {
                storage.close();
            } finally {
                closed.countDown();
                log.info("stopped");
            }
        }
    }

    /** Blocks until {@link #close()} has finished, from whichever thread it was called. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    private void awaitClosedUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                closed.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
