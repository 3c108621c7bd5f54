package im.parley.binary;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** docs/binary-encoding.md, "Value position": a packed form only for the canonical spelling, which it gives back. */
class PackedFormsTest {
    @Test
    void packsCanonicalUuidsOnly_valuePosition() {
        for (int i = 0; i < 100; i++) {
            String uuid = UUID.randomUUID().toString();
            ByteBuf buffer = Unpooled.buffer();

            assertThat(PackedForms.isCanonicalUuid(uuid)).isTrue();
            PackedForms.writeUuid(uuid, buffer);

            assertThat(buffer.readableBytes()).isEqualTo(16);
            assertThat(PackedForms.readUuid(buffer)).isEqualTo(uuid);
        }
        assertThat(PackedForms.isCanonicalUuid("DE305D54-75B4-431B-ADB2-EB6B9E546013")).isFalse();
        assertThat(PackedForms.isCanonicalUuid("de305d54-75b4-431b-adb2-eb6b9e54601")).isFalse();
        assertThat(PackedForms.isCanonicalUuid("de305d5475b4-431b-adb2-eb6b9e5460133")).isFalse();
        assertThat(PackedForms.isCanonicalUuid("{e305d54-75b4-431b-adb2-eb6b9e546013")).isFalse();
    }

    @Test
    void packsCanonicalDecimalsBelowTwoToTheSixtyThird_valuePosition() {
        assertThat(PackedForms.canonicalDecimal("0")).isZero();
        assertThat(PackedForms.canonicalDecimal("1337")).isEqualTo(1337);
        assertThat(PackedForms.canonicalDecimal("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(PackedForms.canonicalDecimal("9223372036854775808")).isEqualTo(-1);
        assertThat(PackedForms.canonicalDecimal("000123")).isEqualTo(-1);
        assertThat(PackedForms.canonicalDecimal("00")).isEqualTo(-1);
        assertThat(PackedForms.canonicalDecimal("-5")).isEqualTo(-1);
        assertThat(PackedForms.canonicalDecimal("+5")).isEqualTo(-1);
        assertThat(PackedForms.canonicalDecimal("1e3")).isEqualTo(-1);
        assertThat(PackedForms.canonicalDecimal("")).isEqualTo(-1);
        assertThat(PackedForms.canonicalDecimal("١٢٣")).as("Arabic-Indic digits").isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "a", "abc", "deadbeef", "0123456789abcdef0", "01b87fcd030b72895ff8e88db57ec525450f000d"})
    void packsLowerCaseHexOfAnyLength_valuePosition(String hex) {
        ByteBuf buffer = Unpooled.buffer();

        assertThat(PackedForms.isLowerHex(hex)).isTrue();
        PackedForms.writeHexNibbles(hex, buffer);

        assertThat(buffer.readableBytes()).isEqualTo((hex.length() + 1) / 2);
        assertThat(PackedForms.readHexNibbles(buffer, hex.length())).isEqualTo(hex);
    }

    @Test
    void refusesHexWithUpperCaseOrOtherCharacters_valuePosition() {
        assertThat(PackedForms.isLowerHex("ABCDEF")).isFalse();
        assertThat(PackedForms.isLowerHex("abcg")).isFalse();
        assertThat(PackedForms.isLowerHex("")).isFalse();
    }

    @Test
    void recognisesExactlyWhatTheBasicEncoderWrites_valuePosition() {
        // Given: every length from 0 to 40 bytes, random contents
        Random random = new Random(4648);
        for (int length = 0; length <= 40; length++) {
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            String encoded = Base64.getEncoder().encodeToString(bytes);
            ByteBuf buffer = Unpooled.buffer();

            // When
            int decodedLength = PackedForms.canonicalBase64Length(encoded);

            // Then
            if (length == 0) {
                assertThat(decodedLength).isEqualTo(-1);
                continue;
            }
            assertThat(decodedLength).isEqualTo(length);
            PackedForms.writeBase64Bytes(encoded, buffer);
            assertThat(buffer.readableBytes()).isEqualTo(length);
            assertThat(PackedForms.readBase64Bytes(buffer, length)).isEqualTo(encoded);
        }
        // not what the encoder writes: unused bits set, no padding, a line break, URL alphabet, padding inside
        assertThat(PackedForms.canonicalBase64Length("QR==")).isEqualTo(-1);
        assertThat(PackedForms.canonicalBase64Length("QUI=")).isEqualTo(2);
        assertThat(PackedForms.canonicalBase64Length("QUJ=")).isEqualTo(-1);
        assertThat(PackedForms.canonicalBase64Length("QUI")).isEqualTo(-1);
        assertThat(PackedForms.canonicalBase64Length("QUJD\nREVG")).isEqualTo(-1);
        assertThat(PackedForms.canonicalBase64Length("-_-_")).isEqualTo(-1);
        assertThat(PackedForms.canonicalBase64Length("QQ==QUJD")).isEqualTo(-1);
        assertThat(PackedForms.canonicalBase64Length("====")).isEqualTo(-1);
        assertThat(PackedForms.canonicalBase64Length("A===")).isEqualTo(-1);
    }

    @Test
    void packsXep0082TimestampsInUtc_valuePosition() {
        assertThat(PackedForms.canonicalSeconds("2002-09-10T23:08:25Z")).isEqualTo(1_031_699_305L);
        assertThat(PackedForms.formatSeconds(1_031_699_305L)).isEqualTo("2002-09-10T23:08:25Z");
        assertThat(PackedForms.canonicalMillis("2002-09-10T23:08:25.123Z")).isEqualTo(1_031_699_305_123L);
        assertThat(PackedForms.formatMillis(1_031_699_305_123L)).isEqualTo("2002-09-10T23:08:25.123Z");
        assertThat(PackedForms.canonicalSeconds("1970-01-01T00:00:00Z")).isZero();
        assertThat(PackedForms.canonicalSeconds("9999-12-31T23:59:59Z")).isEqualTo(PackedForms.MAX_EPOCH_SECOND);
        assertThat(PackedForms.formatMillis(PackedForms.MAX_EPOCH_MILLI)).isEqualTo("9999-12-31T23:59:59.999Z");
        assertThat(PackedForms.canonicalSeconds("2024-02-29T12:00:00Z")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2002-09-10T23:08:25+00:00", "2002-09-10T23:08:25.123Z", "2002-09-10 23:08:25Z",
        "2016-12-31T23:59:60Z", "2023-02-29T00:00:00Z", "1969-07-21T02:56:15Z", "2002-13-10T23:08:25Z",
        "2002-09-10T24:00:00Z", "2002-09-10T23:08:25z", "2002-09-10T23:08:2Z ", "20020910T230825Z"})
    void leavesOtherDateTimesAsLiterals_valuePosition(String notCanonical) {
        assertThat(PackedForms.canonicalSeconds(notCanonical)).isEqualTo(-1);
    }

    @Test
    void formatsWhatItParsesOverTheWholeRange_valuePosition() {
        Random random = new Random(82);
        DateTimeFormatter iso = DateTimeFormatter.ISO_INSTANT;
        for (int i = 0; i < 1_000; i++) {
            long second = (long) (random.nextDouble() * PackedForms.MAX_EPOCH_SECOND);
            String text = PackedForms.formatSeconds(second);
            assertThat(PackedForms.canonicalSeconds(text)).isEqualTo(second);
            assertThat(text).isEqualTo(iso.format(Instant.ofEpochSecond(second)));
            long milli = second * 1000 + random.nextInt(1000);
            assertThat(PackedForms.canonicalMillis(PackedForms.formatMillis(milli))).isEqualTo(milli);
        }
    }
}
