package im.parley.binary;

import im.parley.config.BinaryEncodingConfig;
import im.parley.config.LimitsConfig;
import im.parley.framing.WireEncoding;
import io.netty.channel.ChannelPipeline;
import java.util.List;
import org.dom4j.Element;
import org.dom4j.QName;
import org.xmpp.packet.JID;
import org.dom4j.DocumentHelper;

/**
 * The negotiated binary encoding ({@code urn:parley:binary:1}): what the server offers in its post-SASL features and
 * the frame decoder and encoder that take the XML ones' places ({@link WireEncoding#DECODER},
 * {@link WireEncoding#ENCODER}) once a client enabled it. Shared by all channels; the handlers it installs are per
 * channel. A binary stream is never restarted: it starts after the last restart (SASL), so it needs none of
 * {@link WireEncoding}'s restarts.
 */
public final class BinaryEncoding {
    public static final String NAMESPACE = "urn:parley:binary:1";

    private final BinaryDictionary dictionary;
    private final BinaryLimits limits;
    private final List<String> domains;
    private final StaticNames staticNames;

    /** {@code staticNames}: the offered dictionary's names, shared by every binary session of the server. */
    public BinaryEncoding(StaticNames staticNames, BinaryLimits limits, List<String> domains) {
        this.dictionary = staticNames.dictionary();
        this.limits = limits;
        this.domains = List.copyOf(domains);
        this.staticNames = staticNames;
    }

    /** The limits of a server's streams: frames and decoded stanzas as large as an XML stanza may be. */
    public static BinaryLimits limits(LimitsConfig limits, BinaryEncodingConfig config) {
        return new BinaryLimits(limits.maxStanzaBytes(), config.tableEntries(), config.tableBytes(),
                limits.maxStanzaBytes(), limits.maxDepth());
    }

    /** The stream feature (docs/binary-encoding.md, "Negotiation"). */
    public Element feature() {
        Element binary = DocumentHelper.createElement(QName.get("binary", NAMESPACE));
        binary.addElement(QName.get("dictionary", NAMESPACE))
                .addAttribute("version", Integer.toString(dictionary.version()))
                .addAttribute("sha256", dictionary.sha256());
        binary.addElement(QName.get("limits", NAMESPACE))
                .addAttribute("max-frame", Integer.toString(limits.maxFrameBytes()))
                .addAttribute("table-entries", Integer.toString(limits.tableEntries()))
                .addAttribute("table-bytes", Integer.toString(limits.tableBytes()));
        domains.forEach(domain -> binary.addElement(QName.get("domain", NAMESPACE)).setText(domain));
        return binary;
    }

    /** Whether a client's {@code dictionary} attribute names the version offered. */
    public boolean offers(String dictionaryVersion) {
        return Integer.toString(dictionary.version()).equals(dictionaryVersion);
    }

    /** The session tokens of a connection: the server's domains, then, once bound ({@code jid} not null), its JIDs. */
    public SessionTokens tokens(JID jid) {
        SessionTokens unbound = SessionTokens.of(domains);
        return jid == null ? unbound : unbound.bound(jid.toBareJID(), jid.toFullJID());
    }

    /** Replaces the channel's XML framing; runs on the event loop, right after {@code <enabled/>} went out. */
    public void install(ChannelPipeline pipeline, SessionTokens tokens) {
        pipeline.replace(WireEncoding.DECODER, WireEncoding.DECODER, new BinaryFrameDecoder(
                new BinaryDecoder(staticNames, limits, tokens), limits.maxFrameBytes()));
        pipeline.replace(WireEncoding.ENCODER, WireEncoding.ENCODER,
                new BinaryFrameEncoder(new BinaryEncoder(dictionary, limits, tokens)));
    }

    /**
     * After resource binding or resumption: the session's own JIDs become tokens in both directions. Call it right
     * after writing the answer that tells the client its JID, so neither side uses the tokens before the other knows
     * them. Does nothing on a channel still speaking XML.
     */
    public static void bound(ChannelPipeline pipeline, SessionTokens tokens) {
        if (pipeline.get(WireEncoding.DECODER) instanceof BinaryFrameDecoder decoder
                && pipeline.get(WireEncoding.ENCODER) instanceof BinaryFrameEncoder encoder) {
            decoder.sessionTokens(tokens);
            encoder.sessionTokens(tokens);
        }
    }
}
