package im.parley.flow;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits the bytes a client may send per second (after TLS, before parsing): past its burst, reading pauses until
 * the connection's {@link TokenBucket} is back at zero. The client's TCP window then fills and it slows down; nothing
 * it sent is dropped, and its stanzas are handled in order once read. Other connections on the same event loop go
 * on meanwhile. Like ejabberd's c2s shaper and Prosody's mod_limits; {@code limits.inbound-bytes-per-second: 0}
 * removes it (load generators, trusted gateways).
 */
public final class InboundShaper extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(InboundShaper.class);

    private final TokenBucket bucket;
    private final ReadGate gate;
    private final LongSupplier nanoClock;
    private ScheduledFuture<?> reopen;
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

    private void reopen(ChannelHandlerContext ctx) {
        reopen = null;
        long wait = bucket.waitNanos(nanoClock.getAsLong());
        if (wait > 0) { // bytes read meanwhile (TLS completing a record) overdrew the budget again
            reopen = ctx.executor().schedule(() -> reopen(ctx), wait, TimeUnit.NANOSECONDS);
        } else {
            gate.resume(ReadGate.Reason.RATE);
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
