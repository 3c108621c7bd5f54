package im.parley.binary;

import im.parley.stream.StreamErrorException;
import io.netty.buffer.ByteBuf;
import org.xmpp.packet.StreamError;

/**
 * Unsigned LEB128, the integer form of the binary encoding (docs/binary-encoding.md, "Framing"): seven bits per byte, least
 * significant group first, the high bit set on every byte but the last. A 64-bit value takes at most 10 bytes.
 */
public final class Varint {
    private static final int MAX_FRAME_LENGTH_BYTES = 4;
    static final int MAX_BYTES = 10;

    private Varint() {}

    /** Writes {@code value}, which must not be negative (the wire carries no sign). */
    public static void write(long value, ByteBuf out) {
        if (value < 0) {
            throw new IllegalArgumentException("varint: expected >= 0, got " + value);
        }
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    /**
     * Reads one varint. Throws a bad-format {@link StreamErrorException} when the buffer ends inside it, when it runs
     * past 10 bytes, or when its tenth byte carries bits beyond the 64th.
     */
    public static long read(ByteBuf in) {
        long value = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (!in.isReadable()) {
                throw new StreamErrorException(StreamError.Condition.bad_format, "truncated varint");
            }
            int b = in.readUnsignedByte();
            if (i == MAX_BYTES - 1 && b > 1) {
                throw new StreamErrorException(StreamError.Condition.bad_format, "varint beyond 64 bits");
            }
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new StreamErrorException(StreamError.Condition.bad_format, "varint longer than 10 bytes");
    }

    /** The number of bytes {@link #write} takes for {@code value} (a negative value is read as unsigned). */
    public static int size(long value) {
        int bits = 64 - Long.numberOfLeadingZeros(value | 1);
        return (bits + 6) / 7;
    }

    /**
     * A frame's length prefix (docs/binary-encoding.md, "Framing") from a stream that may not have delivered all of it
     * yet: the length, or -1 when the prefix is incomplete (nothing consumed then). At most four bytes (2^28): a longer
     * prefix is garbage, not a big frame, and is bad-format.
     */
    public static long readFrameLength(ByteBuf in) {
        int start = in.readerIndex();
        long value = 0;
        for (int i = 0; i < MAX_FRAME_LENGTH_BYTES; i++) {
            if (!in.isReadable()) {
                in.readerIndex(start);
                return -1;
            }
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new StreamErrorException(StreamError.Condition.bad_format, "frame length prefix longer than 4 bytes");
    }
}
