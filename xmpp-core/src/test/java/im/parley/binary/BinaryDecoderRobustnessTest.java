package im.parley.binary;

import static im.parley.binary.SessionTokensTest.attribute;
import static im.parley.binary.SessionTokensTest.token;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import im.parley.stream.StreamErrorException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.dom4j.DocumentFactory;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.dom4j.QName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xmpp.packet.StreamError.Condition;

/**
 * docs/binary-encoding.md, "Limits and errors": the decoder trusts nothing. Whatever bytes arrive, it either builds an
 * element or throws a bad-format or policy-violation stream error, and nothing else.
 */
class BinaryDecoderRobustnessTest {
    private static final BinaryDictionary DICTIONARY = BinaryDictionary.v1();

    private static List<byte[]> corpusFrames() {
        return StanzaCorpus.all().stream().map(e -> CodecPair.bound().encode(CodecPair.parse(e.xml()))).toList();
    }

    private static BinaryDecoder decoder() {
        return decoder(CodecPair.LIMITS);
    }

    private static BinaryDecoder decoder(BinaryLimits limits) {
        return new BinaryDecoder(DICTIONARY, limits, CodecPair.BOUND, DocumentFactory.getInstance());
    }

    /** Decodes or refuses with one of the two conditions; any other outcome fails the test with the frame in hex. */
    private static void decodesOrRefuses(BinaryDecoder decoder, byte[] frame, String what) {
        ByteBuf in = Unpooled.wrappedBuffer(frame);
        try {
            decoder.decode(in);
        } catch (StreamErrorException e) {
            assertThat(e.condition()).as(what).isIn(Condition.bad_format, Condition.policy_violation);
        } catch (RuntimeException | StackOverflowError e) {
            fail(what + ": " + e + " for frame " + ByteBufUtil.hexDump(frame), e);
        } finally {
            in.release();
        }
    }

    @Test
    void refusesEveryTruncationCleanly_limitsAndErrors() {
        for (byte[] frame : corpusFrames()) {
            for (int length = 0; length < frame.length; length++) {
                decodesOrRefuses(decoder(), Arrays.copyOf(frame, length), "truncated to " + length);
            }
        }
    }

    @Test
    void refusesSingleByteMutationsCleanly_limitsAndErrors() {
        List<byte[]> frames = corpusFrames();
        Random random = new Random(6120);
        for (int i = 0; i < 5_000; i++) {
            byte[] frame = frames.get(random.nextInt(frames.size())).clone();
            int position = random.nextInt(frame.length);
            frame[position] = (byte) random.nextInt(256);
            decodesOrRefuses(decoder(), frame, "mutation " + i + " at " + position);
        }
    }

    @Test
    void refusesRandomGarbageCleanly_limitsAndErrors() {
        Random random = new Random(6121);
        BinaryDecoder shared = decoder(new BinaryLimits(4096, 8, 256, 8192, 16));
        for (int i = 0; i < 5_000; i++) {
            byte[] frame = new byte[1 + random.nextInt(64)];
            random.nextBytes(frame);
            if (i % 2 == 0) {
                frame[0] = (byte) (1 + random.nextInt(0xC1)); // start like an element, to get further in
            }
            decodesOrRefuses(decoder(), frame, "garbage " + i);
            decodesOrRefuses(shared, frame, "garbage " + i + " on a decoder with a table");
        }
    }

    @Test
    void enforcesMaxDepth_limitsAndErrors() {
        // Given: ten nested elements, encoded by an encoder that does not care
        Element root = DocumentHelper.createElement(QName.get("iq", "jabber:client"));
        Element inner = root.addElement(QName.get("query", "urn:example:deep"));
        for (int i = 0; i < 8; i++) {
            inner = inner.addElement(QName.get("n", "urn:example:deep"));
        }
        byte[] frame = CodecPair.bound().encode(root);

        // Then: depth 10 passes a limit of 10 and is a policy violation under 9
        assertThat(decoder(new BinaryLimits(65_536, 64, 4096, 65_536, 10)).decode(Unpooled.wrappedBuffer(frame)))
                .isNotNull();
        assertThat(refusal(decoder(new BinaryLimits(65_536, 64, 4096, 65_536, 9)), frame))
                .isEqualTo(Condition.policy_violation);
    }

    @Test
    void countsExpandedBytesOfReferences_limitsAndErrors() {
        // Given: a mixed-content message whose text nodes all reference one 1,000-byte entry
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(new byte[] {(byte) 0xC3, 3, (byte) token("message"), (byte) 0xC4, (byte) 0xB2, (byte) 0xB0});
        frame.writeBytes(new byte[] {(byte) 0xE8, 0x07}); // varint 1000
        frame.writeBytes("a".repeat(1000).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 100; i++) {
            frame.writeBytes(new byte[] {(byte) 0xC4, (byte) 0xB1, 0});
        }
        byte[] bytes = frame.toByteArray();

        // Then: 1,300 bytes on the wire, 101,000 decoded
        assertThat(bytes.length).isLessThan(1_400);
        assertThat(refusal(decoder(new BinaryLimits(65_536, 64, 4096, 10_000, 16)), bytes))
                .isEqualTo(Condition.policy_violation);
        Element decoded = decoder(new BinaryLimits(65_536, 64, 4096, 200_000, 16)).decode(Unpooled.wrappedBuffer(bytes));
        assertThat(decoded.getText()).hasSize(101_000);
    }

    @Test
    void countsTheNamespaceOfEveryNamespacedAttribute_limitsAndErrors() {
        // Given: 100 children, each with an attribute in one 1,000-byte namespace taken from the table (as XML every
        // child declares it again)
        byte[] namespace = ("urn:" + "a".repeat(996)).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(token("message"));
        frame.writeBytes(new byte[] {(byte) 0xC1, 0, 1, 'x', 0, (byte) 0xFF, 65, (byte) 0xB2, (byte) 0xB0,
                (byte) 0xE8, 0x07});
        frame.writeBytes(namespace);
        frame.writeBytes(new byte[] {1, 'b', 0});
        for (int i = 1; i < 100; i++) {
            frame.writeBytes(new byte[] {(byte) 0xC1, 0, 1, 'x', 0, (byte) 0xFF, 65, (byte) 0xB1, 0, 1, 'b', 0});
        }
        byte[] bytes = frame.toByteArray();

        // Then: about 2,200 bytes on the wire count as about 101,000, over a limit of 10,000
        assertThat(bytes.length).isLessThan(2_300);
        assertThat(refusal(decoder(new BinaryLimits(65_536, 64, 4096, 10_000, 16)), bytes))
                .isEqualTo(Condition.policy_violation);
        Element decoded = decoder(new BinaryLimits(65_536, 64, 4096, 200_000, 16)).decode(Unpooled.wrappedBuffer(bytes));
        assertThat(decoded.elements()).hasSize(100);
        assertThat(decoded.elements().getLast().attribute("b").getNamespaceURI()).hasSize(1_000);
    }

    @Test
    void refusesFramesLargerThanTheFrameLimit_framing() {
        byte[] frame = new byte[100];
        frame[0] = (byte) token("message");
        assertThat(refusal(decoder(new BinaryLimits(99, 64, 4096, 65_536, 16)), frame))
                .isEqualTo(Condition.policy_violation);
    }

    static List<Object[]> malformedFrames() {
        int body = token("body");
        int message = token("message");
        int r = DICTIONARY.qname("urn:xmpp:sm:3", "r").token();
        int type = attribute("type");
        int chat = 0x80 + DICTIONARY.valueIndex("chat");
        return List.of(
                new Object[] {"empty frame", frame()},
                new Object[] {"invalid UTF-8", frame(body, 2, 0xC3, 0x28)},
                new Object[] {"overlong UTF-8", frame(body, 2, 0xC0, 0xAF)},
                new Object[] {"encoded surrogate", frame(body, 3, 0xED, 0xA0, 0x80)},
                new Object[] {"UTF-8 cut inside a character", frame(body, 1, 0xE2)},
                new Object[] {"control character U+0001", frame(body, 1, 0x01)},
                new Object[] {"U+FFFE", frame(body, 3, 0xEF, 0xBF, 0xBE)},
                new Object[] {"literal QName that is not an NCName", frame(0xC1, 0, 4, '1', 'a', 'b', 'c', 0)},
                new Object[] {"literal QName with a colon", frame(0xC1, 0, 3, 'a', ':', 'b', 0)},
                new Object[] {"literal attribute that is not an NCName", frame(message, 0xFE, 2, 'a', ' ', 0)},
                new Object[] {"attribute named xmlns", frame(message, 0xFE, 5, 'x', 'm', 'l', 'n', 's', 1, 'x')},
                new Object[] {"attribute in the xmlns namespace", frame(message, 0xFF, 65, 29,
                        "http://www.w3.org/2000/xmlns/".chars().toArray(), 1, 'p', 1, 'x')},
                new Object[] {"attribute taking its element's namespace by reference", frame(message, 0xFF, 0, 1, 'a', 0)},
                new Object[] {"element in the XML namespace", frame(0xC1, 64, 1, 'a', 0)},
                new Object[] {"duplicate attribute", frame(message, type, chat, type, chat)},
                new Object[] {"duplicate literal attribute", frame(message, 0xFE, 1, 'a', 0, 0xFE, 1, 'a', 1, 'x')},
                new Object[] {"reserved dynamic QName 0xC2", frame(0xC2, 0, 0)},
                new Object[] {"reserved ECHO 0xBB", frame(body, 0xBB, 0)},
                new Object[] {"reserved value byte 0xBC", frame(body, 0xBC)},
                new Object[] {"reserved element byte 0xC6", frame(0xC6)},
                new Object[] {"STREAM_END inside a frame", frame(0xC5)},
                new Object[] {"bytes after the top-level element", frame(r, 0)},
                new Object[] {"bytes after the closed top-level element", frame(message, 0, 0)},
                new Object[] {"END first", frame(0)},
                new Object[] {"text node in children-only content", frame(message, 0xC4, 1, 'x')},
                new Object[] {"text node at the top", frame(0xC4, 1, 'x')},
                new Object[] {"kind override before a literal QName", frame(0xC3, 0, 0xC1, 0, 1, 'a', 0)},
                new Object[] {"unknown kind", frame(0xC3, 4, message)},
                new Object[] {"unknown QName token", frame(0xC0, 0xE8, 0x07)},
                new Object[] {"same-as-id before the id", frame(message, attribute("id"), 0xBA)},
                new Object[] {"dynamic reference to nothing", frame(body, 0xB1, 0)},
                new Object[] {"insert of a value token", frame(body, 0xB2, 0x80)},
                new Object[] {"nested insert", frame(body, 0xB2, 0xB2, 1, 'a')},
                new Object[] {"JID inside a JID", frame(body, 0xB9, 0xB9)},
                new Object[] {"JID without a domain", frame(body, 0xB9, 1, 'a', 0, 0)},
                new Object[] {"undefined session token", frame(body, 0xCF)},
                new Object[] {"attribute byte as a value", frame(message, type, 0xD0)},
                new Object[] {"unknown namespace reference", frame(0xC1, 66, 1, 'a', 0)},
                new Object[] {"empty namespace value", frame(0xC1, 65, 0, 1, 'a', 0)},
                new Object[] {"long literal past the end", frame(body, 0xB0, 0x10, 'a')},
                new Object[] {"hex past the end", frame(body, 0xB5, 0x10, 0xAB)},
                new Object[] {"base64 past the end", frame(body, 0xB6, 0x10, 0xAB)},
                new Object[] {"UUID past the end", frame(body, 0xB3, 1, 2, 3)},
                new Object[] {"decimal beyond 2^63", frame(body, 0xB4, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0xFF, 0x01)},
                new Object[] {"timestamp past year 9999", frame(body, 0xB7, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F)},
                new Object[] {"varint of eleven bytes", frame(body, 0xB4, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                        0x80, 0x80, 0x01)},
                new Object[] {"truncated varint", frame(body, 0xB4, 0x80)},
                // 2^63 - 1 nibbles: a length check written as (n + 1) / 2 would overflow and pass
                new Object[] {"hex length near 2^63", frame(body, 0xB5, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
                        0x7F)},
                new Object[] {"text element without its text", frame(body)});
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedFrames")
    void refusesMalformedFramesAsBadFormat_limitsAndErrors(String what, byte[] frame) {
        assertThat(refusal(decoder(), frame)).as(what).isEqualTo(Condition.bad_format);
    }

    @Test
    void acceptsInsertsIntoATableThatKeepsNothing_dynamicTable() {
        // Given: table-entries 0; an insert, then a reference to it
        BinaryDecoder decoder = decoder(new BinaryLimits(65_536, 0, 4096, 65_536, 16));
        int body = token("body");
        int message = token("message");

        // Then: the insert decodes, the reference does not
        assertThat(decoder.decode(Unpooled.wrappedBuffer(frame(body, 0xB2, 3, 'a', 'b', 'c'))).getText())
                .isEqualTo("abc");
        assertThat(refusal(decoder, frame(message, attribute("to"), 0xB1, 0))).isEqualTo(Condition.bad_format);
    }

    @Test
    void closesElementsLeftOpenAtTheEndOfTheFrame_framing() {
        // Given: message > x (literal, kind C) > body "hi", no END bytes
        byte[] frame = frame(token("message"), 0xC1, 65, 9, "urn:ex:x1".chars().toArray(), 1, 'x', 2,
                token("body"), 2, 'h', 'i');

        // When
        Element decoded = decoder().decode(Unpooled.wrappedBuffer(frame));

        // Then
        assertThat(decoded.element("x").getNamespaceURI()).isEqualTo("urn:ex:x1");
        assertThat(decoded.element("x").element("body").getText()).isEqualTo("hi");
    }

    private static Condition refusal(BinaryDecoder decoder, byte[] frame) {
        try {
            decoder.decode(Unpooled.wrappedBuffer(frame));
        } catch (StreamErrorException e) {
            return e.condition();
        }
        throw new AssertionError("decoded " + ByteBufUtil.hexDump(frame));
    }

    /** Bytes from ints, and int arrays spliced in. */
    private static byte[] frame(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof int[] values) {
                for (int value : values) {
                    out.write(value);
                }
            } else {
                out.write(part instanceof Character c ? c : (Integer) part);
            }
        }
        return out.toByteArray();
    }
}
