package im.parley.flow;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;

/**
 * Whether a connection is read, decided in one place. Several parts of a session pause reading for their own reason
 * (an answer still being worked out, a backlog of stanzas, the inbound byte rate); reading resumes only when the last
 * of them lifts its pause, so that one reason never undoes another's. Event loop only.
 */
public final class ReadGate {
    /** Why reading is paused. */
    public enum Reason {
        /** A step whose answer must go out before the next element is read: SASL, a pre-auth IQ, resumption. */
        AWAITING_ANSWER,
        /** Too many of the connection's stanzas wait on the user's executor. */
        BACK_PRESSURE,
        /** The connection sent more bytes than its rate allows (limits.inbound-bytes-per-second). */
        RATE
    }

    private ChannelConfig config;
    private int reasons;

    /** Binds the gate to its connection; called when the session joins the pipeline. */
    public void attach(Channel channel) {
        this.config = channel.config();
    }

    public void pause(Reason reason) {
        int before = reasons;
        reasons |= bit(reason);
        if (before == 0 && reasons != 0) {
            config.setAutoRead(false);
        }
    }

    public void resume(Reason reason) {
        if ((reasons & bit(reason)) == 0) {
            return;
        }
        reasons &= ~bit(reason);
        if (reasons == 0) {
            config.setAutoRead(true); // also asks for a read, which lets the decoder go on with input it held
        }
    }

    public boolean pausedFor(Reason reason) {
        return (reasons & bit(reason)) != 0;
    }

    private static int bit(Reason reason) {
        return 1 << reason.ordinal();
    }
}
