package im.parley.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.stream.StreamErrorException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.xmpp.packet.StreamError;

/** docs/binary-encoding.md, "Framing": LEB128 varints. */
class VarintTest {
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 127, 128, 300, 16_383, 16_384, 1_031_699_305L, 253_402_300_799_999L,
            Integer.MAX_VALUE, Long.MAX_VALUE})
    void readsBackWhatItWrites_framing(long value) {
        ByteBuf buffer = Unpooled.buffer();

        Varint.write(value, buffer);

        assertThat(buffer.readableBytes()).isEqualTo(Varint.size(value));
        assertThat(Varint.read(buffer)).isEqualTo(value);
        assertThat(buffer.isReadable()).isFalse();
    }

    @Test
    void writesSevenBitsPerByteLowGroupFirst_framing() {
        ByteBuf buffer = Unpooled.buffer();

        Varint.write(300, buffer);

        assertThat(ByteBufUtil.hexDump(buffer)).isEqualTo("ac02");
        assertThat(Varint.size(127)).isEqualTo(1);
        assertThat(Varint.size(128)).isEqualTo(2);
        assertThat(Varint.size(Long.MAX_VALUE)).isEqualTo(9);
        assertThat(Varint.size(-1)).isEqualTo(10);
    }

    @Test
    void readsTheLargestTenByteValue_framing() {
        ByteBuf buffer = Unpooled.wrappedBuffer(new byte[] {
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01});

        assertThat(Varint.read(buffer)).isEqualTo(-1L); // 2^64 - 1, unsigned
    }

    @Test
    void refusesTruncatedOverlongAndOverflowingVarints_framing() {
        assertBadFormat(new byte[] {(byte) 0x80});
        assertBadFormat(new byte[0]);
        assertBadFormat(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
        assertBadFormat(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x02});
        assertThatThrownBy(() -> Varint.write(-1, Unpooled.buffer())).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertBadFormat(byte[] bytes) {
        assertThatThrownBy(() -> Varint.read(Unpooled.wrappedBuffer(bytes)))
                .isInstanceOfSatisfying(StreamErrorException.class,
                        e -> assertThat(e.condition()).isEqualTo(StreamError.Condition.bad_format));
    }
}
