package im.parley.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ByteProcessor;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts an XML stream into first-level elements without a full parser: it tracks tag nesting, quoted attribute
 * values (which may hold '>'), comments, CDATA and processing instructions, which is all a server may send
 * (RFC 6120 §11). Markup bytes are ASCII, so UTF-8 needs no decoding until an element is complete. An element is
 * always kept at the reader index until complete, so the scan offset survives Netty's cumulation.
 * <p>
 * In stream mode the first start tag is the stream header and stanzas sit at depth 1; in raw mode (the relay
 * ceiling) there is no header and elements sit at depth 0. {@link #restart()} follows a stream restart after
 * STARTTLS or SASL success (RFC 6120 §5.4.3.3, §6.4.6).
 */
public final class StanzaFramer extends ByteToMessageDecoder {
    private static final int MAX_ELEMENT_BYTES = 16 * 1024 * 1024;

    private final boolean streamMode;
    private int depth;
    private int scanned;
    private boolean elementPending;
    private final TagEndFinder tagEndFinder = new TagEndFinder();

    public StanzaFramer(boolean streamMode) {
        this.streamMode = streamMode;
    }

    public void restart() {
        depth = 0;
        scanned = 0;
        elementPending = false;
    }

    private int stanzaLevel() {
        return streamMode ? 1 : 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            int base = in.readerIndex();
            int limit = in.writerIndex();
            if (!elementPending) {
                // Between elements: skip text (whitespace keep-alives, RFC 6120 §4.6.1) up to the next '<'.
                int lt = in.indexOf(base, limit, (byte) '<');
                if (lt < 0) {
                    in.skipBytes(limit - base);
                    return;
                }
                in.skipBytes(lt - base);
                base = lt;
                scanned = 0;
            }
            int i = base + scanned;
            if (i >= limit) {
                return;
            }
            if (in.getByte(i) != '<') {
                int lt = in.indexOf(i, limit, (byte) '<');
                if (lt < 0) {
                    scanned = limit - base;
                    return;
                }
                i = lt;
            }
            if (i + 1 >= limit) {
                scanned = i - base;
                return;
            }
            byte next = in.getByte(i + 1);
            int end;
            if (next == '?') {
                end = find(in, i, limit, "?>");
                if (end < 0) {
                    scanned = i - base;
                    return;
                }
                end += 1;
            } else if (next == '!') {
                if (limit - i < 9) {
                    scanned = i - base;
                    return;
                }
                boolean cdata = in.getByte(i + 2) == '[';
                end = find(in, i, limit, cdata ? "]]>" : "-->");
                if (end < 0) {
                    scanned = i - base;
                    return;
                }
                end += 2;
            } else {
                end = tagEnd(in, i, limit);
                if (end < 0) {
                    scanned = i - base;
                    if (limit - base > MAX_ELEMENT_BYTES) {
                        throw new DecoderException("element larger than " + MAX_ELEMENT_BYTES + " bytes");
                    }
                    return;
                }
                if (next == '/') {
                    depth--;
                    if (depth < stanzaLevel()) {
                        in.skipBytes(end + 1 - base);
                        elementPending = false;
                        out.add(new Inbound.StreamClose());
                        continue;
                    }
                    if (depth == stanzaLevel()) {
                        emit(in, base, end, out);
                        continue;
                    }
                } else {
                    boolean selfClosing = in.getByte(end - 1) == '/';
                    if (streamMode && depth == 0) {
                        String tag = in.toString(i, end - i, StandardCharsets.UTF_8);
                        in.skipBytes(end + 1 - base);
                        depth = 1;
                        elementPending = false;
                        out.add(new Inbound.StreamOpen(MiniXml.parse(tag + "/>")));
                        continue;
                    }
                    if (selfClosing) {
                        if (depth == stanzaLevel()) {
                            emit(in, base, end, out);
                            continue;
                        }
                    } else {
                        depth++;
                    }
                }
            }
            if (!elementPending && depth == stanzaLevel()) {
                // a comment or processing instruction between stanzas
                in.skipBytes(end + 1 - base);
                continue;
            }
            elementPending = true;
            scanned = end + 1 - base;
        }
    }

    private void emit(ByteBuf in, int base, int end, List<Object> out) {
        int length = end + 1 - base;
        String xml = in.toString(base, length, StandardCharsets.UTF_8);
        in.skipBytes(length);
        elementPending = false;
        scanned = 0;
        out.add(new Inbound.Stanza(MiniXml.parse(xml), length));
    }

    /** Index of the '>' closing the tag that starts at {@code start}, skipping quoted attribute values; -1 if not yet read. */
    private int tagEnd(ByteBuf in, int start, int limit) {
        tagEndFinder.quote = 0;
        return start + 1 >= limit ? -1 : in.forEachByte(start + 1, limit - start - 1, tagEndFinder);
    }

    /**
     * Stops at a '>' outside quotes. A {@link ByteProcessor} lets Netty walk a direct buffer by address: {@code getByte}
     * per byte went through reference-count and bounds checks each time, and under the generator's C1-only JIT (ADR
     * 008) that scan was the largest Java cost of a login.
     */
    private static final class TagEndFinder implements ByteProcessor {
        byte quote;

        @Override
        public boolean process(byte b) {
            if (quote != 0) {
                if (b == quote) {
                    quote = 0;
                }
                return true;
            }
            if (b == '\'' || b == '"') {
                quote = b;
                return true;
            }
            return b != '>';
        }
    }

    /** Index of the first byte of {@code token} at or after {@code from}; -1 if not yet read. */
    private static int find(ByteBuf in, int from, int limit, String token) {
        int last = limit - token.length();
        outer:
        for (int i = from; i <= last; i++) {
            for (int k = 0; k < token.length(); k++) {
                if (in.getByte(i + k) != token.charAt(k)) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
