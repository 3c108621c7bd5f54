package im.parley.flow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the bytes a client may send per second, counted as they come off the socket (TLS records included, so
 * empty or tiny records cost their sender too): past its burst, the connection is not read until its
 * {@link TokenBucket} is back at zero. The client's TCP window then fills and it slows down; nothing it sent is
 * dropped, and its stanzas are handled in order once read. Other connections on the same event loop go on meanwhile.
 * Like ejabberd's c2s shaper and Prosody's mod_limits; {@code limits.inbound-bytes-per-second: 0} removes it (load
 * generators, trusted gateways).
 *
 * <p>First in the pipeline ({@link #NAME}; STARTTLS puts TLS right after it). Pausing turns {@code autoRead} off
 * through the connection's {@link ReadGate}; the reads that handlers ask for themselves while it is off (TLS asks for
 * the rest of a record) are held here until the pause ends.
 */
public final class InboundShaper extends ChannelDuplexHandler {
    public static final String NAME = "shaper";
    private static final Logger log = LoggerFactory.getLogger(InboundShaper.class);

    private final TokenBucket bucket;
    private final ReadGate gate;
    private final LongSupplier nanoClock;
    /** Set while reading is paused for the rate. */
    private ScheduledFuture<?> reopen;
    /** A handler asked for a read during the pause. */
    private boolean readWanted;
    private boolean throttledBefore;

    public InboundShaper(TokenBucket bucket, ReadGate gate, LongSupplier nanoClock) {
        this.bucket = bucket;
        this.gate = gate;
        this.nanoClock = nanoClock;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf bytes) {
            long wait = bucket.take(bytes.readableBytes(), nanoClock.getAsLong());
            if (wait > 0 && reopen == null) {
                if (!throttledBefore) {
                    throttledBefore = true;
                    log.debug("{}: over the inbound byte rate, reading paused for {} ms", ctx.channel().remoteAddress(),
                            TimeUnit.NANOSECONDS.toMillis(wait));
                }
                // Before the bytes go on: the decoder then hands the session one more frame at most and holds the rest.
                gate.pause(ReadGate.Reason.RATE);
                reopen = ctx.executor().schedule(() -> reopen(ctx), wait, TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (reopen != null) {
            readWanted = true;
            return;
        }
        ctx.read();
    }

    private void reopen(ChannelHandlerContext ctx) {
        reopen = null;
        long wait = bucket.waitNanos(nanoClock.getAsLong());
        if (wait > 0) { // bytes read meanwhile overdrew the budget again
            reopen = ctx.executor().schedule(() -> reopen(ctx), wait, TimeUnit.NANOSECONDS);
            return;
        }
        gate.resume(ReadGate.Reason.RATE); // reads again, unless another reason still holds reading
        if (readWanted) {
            readWanted = false;
            if (!ctx.channel().config().isAutoRead()) {
                ctx.read(); // what TLS asked for during the pause (with autoRead back on, the gate already read)
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (reopen != null) {
            reopen.cancel(false);
            reopen = null;
        }
        ctx.fireChannelInactive();
    }
}
