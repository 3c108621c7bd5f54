package im.parley.binary;

import im.parley.stream.StreamErrorException;
import io.netty.buffer.ByteBuf;
import org.xmpp.packet.StreamError;

/**
 * The XML 1.0 rules every string of the binary encoding keeps, on both sides: the encoder replaces characters XML
 * cannot carry by U+FFFD, as {@code StanzaWriter} does, so that the decoder, which refuses them, never sees one; the
 * decoder checks UTF-8 and the character set itself (docs/binary-encoding.md, "Limits and errors").
 */
final class XmlChars {
    private static final char REPLACEMENT = '\uFFFD';

    private XmlChars() {}

    /** {@code text} itself when every character is an XML 1.0 {@code Char}; otherwise a copy with U+FFFD in their place. */
    static String sanitise(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0xD800) {
                continue; // fast path
            }
            if (!isXmlChar(text, i)) {
                return replaceFrom(text, i);
            }
            if (Character.isHighSurrogate(c)) {
                i++; // the pair was checked
            }
        }
        return text;
    }

    private static String replaceFrom(String text, int first) {
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (!isXmlChar(text, i)) {
                out.append(REPLACEMENT);
            } else if (Character.isHighSurrogate(c)) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** XML 1.0 §2.2 {@code Char} at {@code i}; a surrogate counts only as the first half of a proper pair. */
    private static boolean isXmlChar(String text, int i) {
        char c = text.charAt(i);
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return false;
        }
        return c != 0xFFFE && c != 0xFFFF;
    }

    /**
     * Reads {@code length} bytes of UTF-8 as a string. Overlong forms, encoded surrogates, code points past U+10FFFF and
     * characters outside XML 1.0's {@code Char} production are bad-format. The caller has checked that the bytes are
     * there.
     */
    static String readUtf8(ByteBuf in, int length) {
        char[] chars = new char[length];
        int n = 0;
        int index = in.readerIndex();
        int end = index + length;
        while (index < end) {
            int b0 = in.getUnsignedByte(index++);
            if (b0 < 0x80) {
                if (b0 < 0x20 && b0 != '\t' && b0 != '\n' && b0 != '\r') {
                    throw badFormat("control character U+" + Integer.toHexString(b0) + " in a string");
                }
                chars[n++] = (char) b0;
            } else if (b0 >= 0xC2 && b0 <= 0xDF) {
                int b1 = continuation(in, index++, end, 0x80, 0xBF);
                chars[n++] = (char) (((b0 & 0x1F) << 6) | (b1 & 0x3F));
            } else if (b0 >= 0xE0 && b0 <= 0xEF) {
                // E0 needs A0..BF (no overlong forms), ED needs 80..9F (no surrogates): RFC 3629 §4
                int b1 = continuation(in, index++, end, b0 == 0xE0 ? 0xA0 : 0x80, b0 == 0xED ? 0x9F : 0xBF);
                int b2 = continuation(in, index++, end, 0x80, 0xBF);
                char c = (char) (((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F));
                if (c == 0xFFFE || c == 0xFFFF) {
                    throw badFormat("U+" + Integer.toHexString(c).toUpperCase() + " is not an XML character");
                }
                chars[n++] = c;
            } else if (b0 >= 0xF0 && b0 <= 0xF4) {
                int b1 = continuation(in, index++, end, b0 == 0xF0 ? 0x90 : 0x80, b0 == 0xF4 ? 0x8F : 0xBF);
                int b2 = continuation(in, index++, end, 0x80, 0xBF);
                int b3 = continuation(in, index++, end, 0x80, 0xBF);
                int codePoint = ((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) | ((b2 & 0x3F) << 6) | (b3 & 0x3F);
                chars[n++] = Character.highSurrogate(codePoint);
                chars[n++] = Character.lowSurrogate(codePoint);
            } else {
                throw badFormat("invalid UTF-8 lead byte 0x" + Integer.toHexString(b0));
            }
        }
        in.readerIndex(end);
        return new String(chars, 0, n);
    }

    private static int continuation(ByteBuf in, int index, int end, int min, int max) {
        if (index >= end) {
            throw badFormat("UTF-8 sequence cut off");
        }
        int b = in.getUnsignedByte(index);
        if (b < min || b > max) {
            throw badFormat("invalid UTF-8 continuation byte 0x" + Integer.toHexString(b));
        }
        return b;
    }

    /**
     * Namespaces in XML 1.0 {@code NCName}, restricted to the Basic Multilingual Plane as dom4j's {@link org.dom4j.QName}
     * check is: a name dom4j would refuse must be refused here first, as bad-format.
     */
    static boolean isNcName(String name) {
        int length = name.length();
        if (length == 0 || !isNameStartChar(name.charAt(0))) {
            return false;
        }
        for (int i = 1; i < length; i++) {
            if (!isNameChar(name.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // XML 1.0 (fifth edition) §2.3 NameStartChar, without ':' and without #x10000-#xEFFFF.
    private static boolean isNameStartChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                || (c >= 0xC0 && c <= 0xD6) || (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF)
                || (c >= 0x370 && c <= 0x37D) || (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D)
                || (c >= 0x2070 && c <= 0x218F) || (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF)
                || (c >= 0xF900 && c <= 0xFDCF) || (c >= 0xFDF0 && c <= 0xFFFD);
    }

    private static boolean isNameChar(char c) {
        return isNameStartChar(c) || c == '-' || c == '.' || (c >= '0' && c <= '9') || c == 0xB7
                || (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
    }

    private static StreamErrorException badFormat(String text) {
        return new StreamErrorException(StreamError.Condition.bad_format, text);
    }
}
