package im.parley.xml;

import im.parley.framing.WireEncoding;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import org.dom4j.DocumentFactory;

/** The XML wire encoding (RFC 6120 §4): {@link XmlStreamDecoder} and {@link XmlFrameEncoder}. */
public final class XmlEncoding implements WireEncoding {
    private final XmlLimits limits;
    private final XmlParserFactory parsers;
    private final DocumentFactory documentFactory;
    private final KnownNames known;

    /** {@code parsers}, {@code documentFactory} and {@code known} are shared by all channels. */
    public XmlEncoding(XmlLimits limits, XmlParserFactory parsers, DocumentFactory documentFactory, KnownNames known) {
        this.limits = limits;
        this.parsers = parsers;
        this.documentFactory = documentFactory;
        this.known = known;
    }

    @Override
    public void install(ChannelPipeline pipeline, String beforeHandler) {
        put(pipeline, DECODER, new XmlStreamDecoder(limits, parsers, documentFactory, known), beforeHandler);
        put(pipeline, ENCODER, new XmlFrameEncoder(), beforeHandler);
    }

    @Override
    public void restart(ChannelPipeline pipeline) {
        decoder(pipeline).restart();
    }

    @Override
    public void restartForTls(ChannelPipeline pipeline) {
        decoder(pipeline).restartDiscardingInput();
    }

    private static XmlStreamDecoder decoder(ChannelPipeline pipeline) {
        if (!(pipeline.get(DECODER) instanceof XmlStreamDecoder decoder)) {
            throw new IllegalStateException("no XML decoder installed as " + DECODER);
        }
        return decoder;
    }

    private static void put(ChannelPipeline pipeline, String name, ChannelHandler handler, String beforeHandler) {
        if (pipeline.get(name) != null) {
            pipeline.replace(name, name, handler);
        } else {
            pipeline.addBefore(beforeHandler, name, handler);
        }
    }
}
