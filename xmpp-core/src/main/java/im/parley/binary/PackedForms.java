package im.parley.binary;

import io.netty.buffer.ByteBuf;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Base64;

/**
 * The packed value forms (docs/binary-encoding.md, "Value position", 0xB3–0xB8). The encoder side recognises only the one
 * canonical spelling of each form, so that decoding gives back the same string byte for byte ("{@code 000123} or an
 * upper-case UUID stays a literal"); that, not a schema, is what makes the codec lossless. Recognising a string does
 * not allocate unless it matches.
 */
final class PackedForms {
    /** 9999-12-31T23:59:59Z: XEP-0082 has four-digit years. */
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;
    static final long MAX_EPOCH_MILLI = MAX_EPOCH_SECOND * 1000 + 999;
    static final int UUID_BYTES = 16;

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final byte[] BASE64_VALUES = new byte[128];

    static {
        java.util.Arrays.fill(BASE64_VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64_VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private PackedForms() {}

    // UUID: RFC 9562 §4 canonical form, lower case (the spelling java.util.UUID#toString gives).

    static boolean isCanonicalUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : hexValue(c) < 0) {
                return false;
            }
        }
        return true;
    }

    static void writeUuid(String s, ByteBuf out) {
        int high = -1;
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (c == '-') {
                continue;
            }
            if (high < 0) {
                high = hexValue(c);
            } else {
                out.writeByte(high << 4 | hexValue(c));
                high = -1;
            }
        }
    }

    static String readUuid(ByteBuf in) {
        char[] chars = new char[36];
        int n = 0;
        for (int i = 0; i < UUID_BYTES; i++) {
            if (i == 4 || i == 6 || i == 8 || i == 10) {
                chars[n++] = '-';
            }
            int b = in.readUnsignedByte();
            chars[n++] = HEX[b >>> 4];
            chars[n++] = HEX[b & 0xF];
        }
        return new String(chars);
    }

    // Decimal: no sign, no leading zero except "0" itself, below 2^63.

    /** The value of a canonical decimal below 2^63; -1 for any other string. */
    static long canonicalDecimal(String s) {
        int length = s.length();
        if (length == 0 || length > 19 || (s.charAt(0) == '0' && length > 1)) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < length; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    // Hex: lower case, any number of nibbles, high nibble first, an odd last nibble padded with 0.

    static boolean isLowerHex(String s) {
        int length = s.length();
        if (length == 0) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (hexValue(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    static void writeHexNibbles(String s, ByteBuf out) {
        int length = s.length();
        for (int i = 0; i < length; i += 2) {
            int high = hexValue(s.charAt(i));
            int low = i + 1 < length ? hexValue(s.charAt(i + 1)) : 0;
            out.writeByte(high << 4 | low);
        }
    }

    static String readHexNibbles(ByteBuf in, int nibbles) {
        char[] chars = new char[nibbles];
        for (int i = 0; i < nibbles; i += 2) {
            int b = in.readUnsignedByte();
            chars[i] = HEX[b >>> 4];
            if (i + 1 < nibbles) {
                chars[i + 1] = HEX[b & 0xF];
            }
        }
        return new String(chars);
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    // Base64: RFC 4648 §4 with padding and no line breaks, exactly what java.util.Base64.getEncoder() writes.

    /**
     * The number of bytes {@code s} decodes to when it is canonical padded base64 (the basic encoder of those bytes
     * gives {@code s} back: whole quads, padding only at the end, unused bits zero); -1 otherwise.
     */
    static int canonicalBase64Length(String s) {
        int length = s.length();
        if (length == 0 || length % 4 != 0) {
            return -1;
        }
        int padding = s.charAt(length - 1) == '=' ? (s.charAt(length - 2) == '=' ? 2 : 1) : 0;
        int dataChars = length - padding;
        for (int i = 0; i < dataChars; i++) {
            if (base64Value(s.charAt(i)) < 0) {
                return -1;
            }
        }
        int last = base64Value(s.charAt(dataChars - 1));
        int unusedBits = padding == 0 ? 0 : padding == 1 ? 0x3 : 0xF;
        if ((last & unusedBits) != 0) {
            return -1;
        }
        return length / 4 * 3 - padding;
    }

    static void writeBase64Bytes(String s, ByteBuf out) {
        int length = s.length();
        for (int i = 0; i < length; i += 4) {
            int c2 = s.charAt(i + 2);
            int c3 = s.charAt(i + 3);
            int quad = base64Value(s.charAt(i)) << 18 | base64Value(s.charAt(i + 1)) << 12
                    | (c2 == '=' ? 0 : base64Value((char) c2)) << 6 | (c3 == '=' ? 0 : base64Value((char) c3));
            out.writeByte(quad >>> 16);
            if (c2 != '=') {
                out.writeByte(quad >>> 8);
            }
            if (c3 != '=') {
                out.writeByte(quad);
            }
        }
    }

    static String readBase64Bytes(ByteBuf in, int length) {
        byte[] bytes = new byte[length];
        in.readBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static int base64Value(char c) {
        return c < 128 ? BASE64_VALUES[c] : -1;
    }

    // XEP-0082 DateTime in UTC, YYYY-MM-DDThh:mm:ssZ (epoch seconds) or YYYY-MM-DDThh:mm:ss.sssZ (epoch millis).
    // Only 1970 onwards: a varint has no sign.

    /** Epoch seconds of a canonical {@code YYYY-MM-DDThh:mm:ssZ}; -1 for any other string. */
    static long canonicalSeconds(String s) {
        if (s.length() != 20 || s.charAt(19) != 'Z') {
            return -1;
        }
        return epochSecond(s);
    }

    /** Epoch milliseconds of a canonical {@code YYYY-MM-DDThh:mm:ss.sssZ}; -1 for any other string. */
    static long canonicalMillis(String s) {
        if (s.length() != 24 || s.charAt(19) != '.' || s.charAt(23) != 'Z') {
            return -1;
        }
        int millis = digits(s, 20, 3);
        long seconds = epochSecond(s);
        return millis < 0 || seconds < 0 ? -1 : seconds * 1000 + millis;
    }

    private static long epochSecond(String s) {
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return -1;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return -1; // a leap second (60) has no epoch-second spelling and stays a literal
        }
        if (day > Month.of(month).length(Year.isLeap(year))) {
            return -1;
        }
        return LocalDate.of(year, month, day).toEpochDay() * 86_400 + hour * 3_600L + minute * 60L + second;
    }

    private static int digits(String s, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = s.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The caller has checked {@code 0 <= epochSecond <= MAX_EPOCH_SECOND}. */
    static String formatSeconds(long epochSecond) {
        return format(epochSecond, -1);
    }

    /** The caller has checked {@code 0 <= epochMilli <= MAX_EPOCH_MILLI}. */
    static String formatMillis(long epochMilli) {
        return format(epochMilli / 1000, (int) (epochMilli % 1000));
    }

    private static String format(long epochSecond, int millis) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(epochSecond, 0, ZoneOffset.UTC);
        char[] chars = new char[millis < 0 ? 20 : 24];
        put(chars, 0, time.getYear(), 4);
        chars[4] = '-';
        put(chars, 5, time.getMonthValue(), 2);
        chars[7] = '-';
        put(chars, 8, time.getDayOfMonth(), 2);
        chars[10] = 'T';
        put(chars, 11, time.getHour(), 2);
        chars[13] = ':';
        put(chars, 14, time.getMinute(), 2);
        chars[16] = ':';
        put(chars, 17, time.getSecond(), 2);
        if (millis >= 0) {
            chars[19] = '.';
            put(chars, 20, millis, 3);
        }
        chars[chars.length - 1] = 'Z';
        return new String(chars);
    }

    private static void put(char[] chars, int start, int value, int width) {
        for (int i = start + width - 1; i >= start; i--) {
            chars[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
