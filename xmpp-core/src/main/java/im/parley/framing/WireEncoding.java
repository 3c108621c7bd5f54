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

    /** Prepares the decoder for a fresh stream after TLS or SASL (RFC 6120 §4.3.3); runs on the event loop. */
    void restart(ChannelPipeline pipeline);
}
