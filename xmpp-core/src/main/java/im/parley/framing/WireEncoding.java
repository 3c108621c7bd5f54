package im.parley.framing;

import io.netty.channel.ChannelPipeline;

/**
 * A wire encoding of the XML stream. It owns two pipeline entries, {@link #DECODER} and {@link #ENCODER};
 * switching encodings replaces both. Sessions and routing never see which one is in use.
 */
public interface WireEncoding {
    String DECODER = "framing-decoder";
    String ENCODER = "framing-encoder";

    /** Adds (or replaces) this encoding's decoder and encoder in the pipeline, before the session handler. */
    void install(ChannelPipeline pipeline, String beforeHandler);

    /** Prepares the decoder for a fresh stream after SASL (RFC 6120 §4.3.3); runs on the event loop. */
    void restart(ChannelPipeline pipeline);

    /**
     * Prepares the decoder for the stream inside TLS after {@code <starttls/>} (RFC 6120 §5.4.3.3), dropping whatever
     * it still holds: bytes that arrived in the clear behind {@code <starttls/>} must never be read as if they came
     * through TLS (plaintext command injection, CVE-2011-0411). Runs on the event loop.
     */
    void restartForTls(ChannelPipeline pipeline);
}
