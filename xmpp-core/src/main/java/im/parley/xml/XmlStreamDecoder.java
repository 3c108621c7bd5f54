package im.parley.xml;

import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import im.parley.framing.InboundFrame;
import im.parley.stream.StreamErrorException;
import im.parley.stream.StreamHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.dom4j.Namespace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.packet.StreamError;

/**
 * Parses a peer's XML stream incrementally and emits {@link InboundFrame}s: {@code StreamOpen} for the stream header,
 * {@code Element} for each complete first-level element, {@code StreamClose} for {@code </stream:stream>}.
 * Errors are fired as {@link StreamErrorException} through {@code exceptionCaught}; afterwards input is discarded.
 *
 * <p>Per channel, never shared. Bytes are fed to the parser as views of the received buffers (no copy), in slices no
 * larger than the remaining {@code maxStanzaBytes} budget, so an oversized element is caught as soon as it passes the
 * limit.
 *
 * <p>Stream restarts (RFC 6120 §4.3.3): {@link #restart()} makes the bytes after the last emitted frame the start of a
 * new XML document. Called synchronously while handling the frame (e.g. {@code <auth/>} answered on the loop), the
 * bytes already received behind that element go to the new parser. When the answer comes later, the session turns
 * {@code autoRead} off while handling the frame: the decoder then stops right after that frame and holds the rest of
 * the input, untouched, until {@code restart()} and/or the next {@code read()} (which {@code setAutoRead(true)} issues).
 *
 * <p>Idle connections: once a peer has been silent at a stanza boundary for {@link XmlLimits#releaseParserAfter()},
 * the parser and the element builder are dropped (most of a quiet connection's heap). The next bytes go to a new
 * parser that is first fed a copy of the stream header's namespace declarations, so the stream goes on as if the
 * parser had never left; nothing is fired for that copy.
 */
public final class XmlStreamDecoder extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(XmlStreamDecoder.class);
    private static final String STREAM_PREFIX = "stream";
    private static final String STREAM_LOCAL_NAME = "stream";

    private final XmlLimits limits;
    private final XmlParserFactory parsers;
    private final DocumentFactory documentFactory;
    private final KnownNames known;
    private final long releaseAfterNanos;
    private final ArrayDeque<ByteBuf> pending = new ArrayDeque<>(2); // grows if reads outpace the session

    /** Both null while released for idleness; rebuilt by {@link #resumeParser()} when input arrives. */
    private ElementTreeBuilder builder;

    private ChannelHandlerContext ctx;
    private AsyncXMLStreamReader<AsyncByteBufferFeeder> parser;
    private PrologScanner prolog;

    /** The buffer being fed; its readerIndex is at the first byte not yet handed to the parser. */
    private ByteBuf current;
    private boolean sliceInFlight;
    private int sliceStartIndex;
    private int sliceLength;
    private long sliceDocumentOffset;
    /** Bytes of the current document handed to the parser. */
    private long documentBytes;
    /** Document offset of the last stream-level boundary; the size budget counts from here. */
    private long mark;
    /** Document offset just past the last emitted frame: where a restarted document begins. */
    private long lastFrameEnd;
    /** Whether the bytes fed after {@code mark} are whitespace only (nothing half-parsed), as of {@code markChecked}. */
    private boolean blankAfterMark = true;
    private long markChecked;
    /** The current stream header's namespace declarations, replayed to a parser rebuilt after idleness. */
    private List<Namespace> streamNamespaces = List.of();
    private long lastReadNanos;
    private ScheduledFuture<?> releaseCheck;

    private boolean streamOpen;
    private boolean streamClosed;
    private boolean failed;
    private boolean removed;
    private boolean paused;
    private boolean driving;
    private boolean restartRequested;
    private boolean discardOnRestart;
    private int framesFired;

    public XmlStreamDecoder(XmlLimits limits, XmlParserFactory parsers, DocumentFactory documentFactory,
                            KnownNames known) {
        this.limits = limits;
        this.parsers = parsers;
        this.documentFactory = documentFactory;
        this.known = known;
        this.releaseAfterNanos = limits.releaseParserAfter().toNanos();
        newDocument();
    }

    /**
     * Expects a fresh XML document (new parser, a new XML declaration allowed) from the byte after the last emitted
     * frame (RFC 6120 §4.3.3). Must run on the channel's event loop.
     */
    public void restart() {
        if (ctx != null && !ctx.executor().inEventLoop()) {
            throw new IllegalStateException("restart() must run on the channel's event loop");
        }
        if (driving) {
            restartRequested = true; // applied as soon as the frame being handled returns
        } else {
            applyRestart();
        }
    }

    /**
     * Like {@link #restart()}, but the new document starts with the next bytes received, not with those already held:
     * for STARTTLS, where anything received behind {@code <starttls/>} came in the clear (RFC 6120 §5.4.3.3; the
     * client sends nothing more before {@code <proceed/>}), and must not be read as if it had come through TLS.
     */
    public void restartDiscardingInput() {
        discardOnRestart = true;
        restart();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        removed = true;
        cancelReleaseCheck();
        if (!driving) {
            discardInput();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed || streamClosed || removed) {
            bytes.release(); // RFC 6120 §4.9.1.1: nothing is processed after a stream error or close
            return;
        }
        pending.add(bytes.isDirect() ? onHeap(ctx, bytes) : bytes);
        if (!paused) {
            drive();
        }
    }

    /**
     * A copy of a direct read in a heap buffer. Aalto reads its input a byte at a time, and on Java 24+ (Netty 4.2
     * leaves sun.misc.Unsafe alone there) each read of a direct buffer pays ByteBuffer's checks: parsing the same
     * stanzas took 1.4–2× as long from a direct buffer as from an array (DecodeBenchmark), for one bulk copy here.
     */
    private static ByteBuf onHeap(ChannelHandlerContext ctx, ByteBuf direct) {
        try {
            return ctx.alloc().heapBuffer(direct.readableBytes()).writeBytes(direct);
        } finally {
            direct.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.fireChannelReadComplete();
        if (!atRestBetweenStanzas()) {
            return;
        }
        if (releaseAfterNanos == 0) {
            releaseParser();
            return;
        }
        lastReadNanos = ctx.executor().ticker().nanoTime();
        if (releaseCheck == null) {
            releaseCheck = ctx.executor().schedule(this::checkIdle, releaseAfterNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** One pending check per connection at most; a read since it was scheduled pushes the release back. */
    private void checkIdle() {
        releaseCheck = null;
        if (!atRestBetweenStanzas()) {
            return; // mid-stanza or paused: the next read that ends at a boundary schedules a new check
        }
        long silentFor = ctx.executor().ticker().nanoTime() - lastReadNanos;
        if (silentFor >= releaseAfterNanos) {
            releaseParser();
        } else {
            long left = releaseAfterNanos - silentFor;
            releaseCheck = ctx.executor().schedule(this::checkIdle, left, TimeUnit.NANOSECONDS);
        }
    }

    /** Whether a parser is held now, rather than released for idleness. */
    boolean holdsParser() {
        return parser != null;
    }

    private boolean atRestBetweenStanzas() {
        return parser != null && streamOpen && !streamClosed && !failed && !removed && !paused && !driving
                && !restartRequested && !sliceInFlight && current == null && pending.isEmpty()
                && builder.depth() == 0 && blankAfterMark && markChecked == mark;
    }

    private void releaseParser() {
        closeParser();
        parser = null;
        builder = null;
    }

    /** Rebuilds the parser of an open stream released for idleness: the header's declarations, then the new input. */
    private void resumeParser() throws XMLStreamException {
        StringBuilder header = new StringBuilder("<").append(STREAM_PREFIX).append(':').append(STREAM_LOCAL_NAME);
        for (Namespace namespace : streamNamespaces) {
            header.append(" xmlns");
            if (!namespace.getPrefix().isEmpty()) {
                header.append(':').append(namespace.getPrefix());
            }
            header.append("='").append(escapeAttribute(namespace.getURI())).append('\'');
        }
        byte[] bytes = header.append('>').toString().getBytes(StandardCharsets.UTF_8);
        parser = parsers.newParser();
        builder = new ElementTreeBuilder(documentFactory, known, limits.maxDepth());
        parser.getInputFeeder().feedInput(ByteBuffer.wrap(bytes));
        int event;
        do {
            event = parser.next();
            if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                throw new IllegalStateException("replayed stream header incomplete: " + header);
            }
        } while (event != XMLStreamConstants.START_ELEMENT);
        documentBytes = bytes.length;
        mark = bytes.length;
        lastFrameEnd = bytes.length;
        markChecked = mark;
        blankAfterMark = true;
    }

    private static String escapeAttribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("'", "&apos;");
    }

    private void cancelReleaseCheck() {
        if (releaseCheck != null) {
            releaseCheck.cancel(false);
            releaseCheck = null;
        }
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (paused) {
            paused = false;
            int before = framesFired;
            drive();
            if (framesFired != before) {
                ctx.fireChannelReadComplete();
            }
            if (paused) {
                return; // still holding input: no need to read more from the socket yet
            }
        }
        ctx.read();
    }

    private void drive() {
        driving = true;
        try {
            while (!failed && !streamClosed && !removed && !paused) {
                if (!sliceInFlight && !feedNextSlice()) {
                    return;
                }
                int event = parser.next();
                if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                    noteUnparsedTail();
                    sliceInFlight = false;
                    checkBudget(documentBytes);
                } else {
                    handle(event);
                }
            }
        } catch (XMLStreamException e) {
            fail(classify(e), e.getMessage());
        } catch (StreamErrorException e) {
            fail(e);
        } finally {
            driving = false;
            if (failed || streamClosed || removed) {
                discardInput();
            }
        }
    }

    private boolean feedNextSlice() throws XMLStreamException {
        while (true) {
            if (current == null) {
                current = pending.poll();
                if (current == null) {
                    return false;
                }
            }
            if (!current.isReadable()) {
                current.release();
                current = null;
                continue;
            }
            if (parser == null) {
                resumeParser();
            }
            long budget = limits.maxStanzaBytes() - (documentBytes - mark) + 1;
            int length = (int) Math.min(current.readableBytes(), Math.max(1, budget));
            int index = current.readerIndex();
            if (!prolog.done() && prolog.findsRestrictedMarkup(current, index, index + length)) {
                throw restricted("DOCTYPE or comment before the stream header");
            }
            ByteBuffer view = current.nioBuffer(index, length);
            // Aalto reports offsets relative to the view's position; keep it at 0 so they are document offsets.
            parser.getInputFeeder().feedInput(view.position() == 0 ? view : view.slice());
            current.skipBytes(length);
            sliceStartIndex = index;
            sliceLength = length;
            sliceDocumentOffset = documentBytes;
            documentBytes += length;
            sliceInFlight = true;
            return true;
        }
    }

    /**
     * The parser has taken the whole slice: records whether what it holds after the last boundary is only whitespace
     * (RFC 6120 §4.6.1 keep-alives), which a released parser may drop, rather than part of a tag.
     */
    private void noteUnparsedTail() {
        boolean earlierBlank = mark >= sliceDocumentOffset || (blankAfterMark && markChecked == mark);
        int from = sliceStartIndex + (int) Math.max(0, mark - sliceDocumentOffset);
        boolean blank = earlierBlank;
        for (int i = from; blank && i < sliceStartIndex + sliceLength; i++) {
            byte b = current.getByte(i);
            blank = b == ' ' || b == '\n' || b == '\r' || b == '\t';
        }
        blankAfterMark = blank;
        markChecked = mark;
    }

    private void handle(int event) throws XMLStreamException {
        switch (event) {
            case XMLStreamConstants.START_DOCUMENT -> checkEncoding();
            case XMLStreamConstants.START_ELEMENT -> {
                if (streamOpen) {
                    startChild();
                } else {
                    openStream();
                }
            }
            case XMLStreamConstants.END_ELEMENT -> {
                if (builder.depth() > 0) {
                    endChild();
                } else {
                    closeStream();
                }
            }
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> characters(event);
            default -> {
                Optional<String> refused = RestrictedXml.describe(event, parser);
                if (refused.isPresent()) {
                    throw restricted(refused.get());
                }
                // END_DOCUMENT and the like carry nothing for the session.
            }
        }
    }

    private void checkEncoding() {
        String declared = parser.getCharacterEncodingScheme();
        // RFC 6120 §11.6: UTF-8 only.
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            throw new StreamErrorException(StreamError.Condition.unsupported_encoding, "declared encoding " + declared);
        }
    }

    private void openStream() throws XMLStreamException {
        // RFC 6120 §4.8.1 and §4.9.3.10: the root is <stream> in the stream namespace.
        if (!STREAM_LOCAL_NAME.equals(parser.getLocalName())
                || !StreamHeader.STREAM_NAMESPACE.equals(parser.getNamespaceURI())) {
            throw new StreamErrorException(StreamError.Condition.invalid_namespace,
                    "root element " + parser.getName());
        }
        // RFC 6120 §4.8.5 (MAY accept only 'stream:') and §4.9.3.2: no or another prefix is bad-namespace-prefix.
        if (!STREAM_PREFIX.equals(parser.getPrefix())) {
            throw new StreamErrorException(StreamError.Condition.bad_namespace_prefix,
                    "stream element prefix '" + parser.getPrefix() + "'");
        }
        String contentNamespace = "";
        List<Namespace> declared = new ArrayList<>(parser.getNamespaceCount());
        for (int i = 0; i < parser.getNamespaceCount(); i++) {
            String prefix = parser.getNamespacePrefix(i);
            String uri = parser.getNamespaceURI(i);
            if (prefix == null || prefix.isEmpty()) {
                contentNamespace = uri;
            }
            declared.add(PeerNames.namespace(prefix == null ? "" : prefix, uri == null ? "" : uri));
        }
        streamNamespaces = List.copyOf(declared);
        // RFC 6120 §4.8.2: the content namespace must be declared as the default namespace.
        if (contentNamespace == null || contentNamespace.isEmpty()) {
            throw new StreamErrorException(StreamError.Condition.invalid_namespace, "no content namespace");
        }
        String to = null;
        String from = null;
        String id = null;
        String version = null;
        String lang = null;
        for (int i = 0; i < parser.getAttributeCount(); i++) {
            String namespace = parser.getAttributeNamespace(i);
            String name = parser.getAttributeLocalName(i);
            String value = parser.getAttributeValue(i);
            if (namespace == null || namespace.isEmpty()) {
                switch (name) {
                    case "to" -> to = value;
                    case "from" -> from = value;
                    case "id" -> id = value;
                    case "version" -> version = value;
                    default -> {
                        // RFC 6120 §4.7: unknown attributes are ignored.
                    }
                }
            } else if (XMLConstants.XML_NS_URI.equals(namespace) && "lang".equals(name)) {
                lang = value;
            }
        }
        streamOpen = true;
        long end = parser.getLocationInfo().getEndingByteOffset();
        mark = end;
        fire(new InboundFrame.StreamOpen(new StreamHeader(Optional.ofNullable(to), Optional.ofNullable(from),
                Optional.ofNullable(id), Optional.ofNullable(version), Optional.ofNullable(lang),
                contentNamespace)), end);
    }

    private void startChild() {
        if (builder.depth() == 0) {
            mark = parser.getLocationInfo().getStartingByteOffset();
        }
        if (builder.depth() >= limits.maxDepth()) {
            throw new StreamErrorException(StreamError.Condition.policy_violation,
                    "element nesting deeper than " + limits.maxDepth());
        }
        builder.start(parser);
    }

    private void endChild() throws XMLStreamException {
        Element element = builder.end();
        if (element == null) {
            return;
        }
        long end = parser.getLocationInfo().getEndingByteOffset();
        checkBudget(end);
        mark = end;
        fire(new InboundFrame.Element(element), end);
    }

    private void closeStream() throws XMLStreamException {
        streamClosed = true;
        fire(new InboundFrame.StreamClose(), parser.getLocationInfo().getEndingByteOffset());
    }

    private void characters(int event) throws XMLStreamException {
        if (builder.depth() > 0) {
            builder.text(parser.getText());
            return;
        }
        // RFC 6120 §4.6.1: whitespace between first-level elements is a keep-alive; anything else is not a stanza.
        if (event == XMLStreamConstants.CDATA || !parser.isWhiteSpace()) {
            throw new StreamErrorException(StreamError.Condition.bad_format, "character data at stream level");
        }
        mark = parser.getLocationInfo().getEndingByteOffset();
    }

    private void fire(InboundFrame frame, long frameEnd) {
        lastFrameEnd = frameEnd;
        framesFired++;
        ctx.fireChannelRead(frame);
        if (restartRequested) {
            applyRestart();
        }
        if (!ctx.channel().config().isAutoRead()) {
            paused = true; // the session wants no more frames for now; keep the rest of the input unparsed
        }
    }

    private void checkBudget(long documentOffset) {
        if (documentOffset - mark > limits.maxStanzaBytes()) {
            throw new StreamErrorException(StreamError.Condition.policy_violation,
                    "element larger than " + limits.maxStanzaBytes() + " bytes");
        }
    }

    private void applyRestart() {
        restartRequested = false;
        if (discardOnRestart) {
            discardOnRestart = false;
            if (sliceInFlight || current != null || !pending.isEmpty()) {
                LOG.debug("{}: dropping bytes received in the clear behind <starttls/>", ctx == null ? "?" : ctx.channel());
            }
            discardInput();
        } else if (sliceInFlight) {
            // Hand the bytes after the last frame, which the old parser has not turned into events, to the new one.
            long consumed = Math.max(0, Math.min(sliceLength, lastFrameEnd - sliceDocumentOffset));
            current.readerIndex(sliceStartIndex + (int) consumed);
            sliceInFlight = false;
        }
        closeParser();
        newDocument();
    }

    private void newDocument() {
        parser = parsers.newParser();
        prolog = new PrologScanner();
        if (builder == null) {
            builder = new ElementTreeBuilder(documentFactory, known, limits.maxDepth());
        } else {
            builder.reset();
        }
        documentBytes = 0;
        mark = 0;
        lastFrameEnd = 0;
        markChecked = 0;
        blankAfterMark = true;
        streamOpen = false;
        streamNamespaces = List.of();
    }

    private void closeParser() {
        if (parser == null) {
            return;
        }
        try {
            parser.close();
        } catch (XMLStreamException e) {
            LOG.debug("Closing the XML parser of {} failed", ctx == null ? "an unattached decoder" : ctx.channel(), e);
        }
    }

    private StreamError.Condition classify(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        if (!streamOpen && message.contains("Unsupported encoding")) {
            return StreamError.Condition.unsupported_encoding; // RFC 6120 §11.6
        }
        if (!streamOpen && message.contains("Unbound namespace prefix")) {
            return StreamError.Condition.invalid_namespace; // stream header without xmlns:stream
        }
        return StreamError.Condition.not_well_formed; // RFC 6120 §4.9.3.13
    }

    private static StreamErrorException restricted(String what) {
        // RFC 6120 §11.1: comments, PIs, DTDs and non-predefined entity references are restricted XML.
        return new StreamErrorException(StreamError.Condition.restricted_xml, what);
    }

    private void fail(StreamError.Condition condition, String detail) {
        fail(new StreamErrorException(condition, detail));
    }

    private void fail(StreamErrorException error) {
        failed = true;
        LOG.debug("XML stream of {} failed: {}", ctx.channel(), error.getMessage());
        ctx.fireExceptionCaught(error);
    }

    private void discardInput() {
        sliceInFlight = false;
        if (current != null) {
            current.release();
            current = null;
        }
        ByteBuf next;
        while ((next = pending.poll()) != null) {
            ReferenceCountUtil.release(next);
        }
        if (removed) {
            closeParser();
        }
    }
}
