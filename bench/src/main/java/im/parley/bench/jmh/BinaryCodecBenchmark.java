package im.parley.bench.jmh;

import im.parley.binary.BinaryDecoder;
import im.parley.binary.BinaryDictionary;
import im.parley.binary.BinaryEncoder;
import im.parley.binary.BinaryLimits;
import im.parley.binary.SessionTokens;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentException;
import org.dom4j.DocumentFactory;
import org.dom4j.DocumentHelper;
import org.dom4j.Element;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.xmpp.packet.Message;

/**
 * Parley's binary encoding (docs/binary-encoding.md) on the same delivered chat message as {@link EncodeBenchmark}
 * and {@link DecodeBenchmark}: packet → frame body, and frame body → element, with a warm address table as in a
 * running conversation. The frame's size is printed once per iteration so the bytes sit beside the times.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BinaryCodecBenchmark {
    private static final BinaryLimits LIMITS = new BinaryLimits(262_144, 64, 4096, 262_144, 64);

    private BinaryEncoder encoder;
    private BinaryDecoder decoder;
    private Element message;
    private ByteBuf out;
    private ByteBuf frame;

    @Setup(Level.Iteration)
    public void prepare() throws DocumentException {
        SessionTokens tokens = SessionTokens.of(List.of(ChatTranscript.DOMAIN))
                .bound("load1@" + ChatTranscript.DOMAIN, "load1@" + ChatTranscript.DOMAIN + "/gen");
        encoder = new BinaryEncoder(BinaryDictionary.v1(), LIMITS, tokens);
        decoder = new BinaryDecoder(BinaryDictionary.v1(), LIMITS, tokens, new DocumentFactory());
        Message delivered = new Message(DocumentHelper.parseText(ChatTranscript.message(1)).getRootElement(), true);
        delivered.setFrom("load0@" + ChatTranscript.DOMAIN + "/gen");
        message = delivered.getElement();
        out = PooledByteBufAllocator.DEFAULT.buffer(512);
        // The sender's address enters both tables, as after a conversation's first message.
        encoder.encode(message, out);
        decoder.decode(out);
        out.clear();
        encoder.encode(message, out);
        frame = out.copy();
        int xml = message.asXML().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        System.out.printf("%n  frame body %d bytes (the same message as XML: %d bytes)%n", frame.readableBytes(), xml);
    }

    @TearDown(Level.Iteration)
    public void release() {
        out.release();
        frame.release();
    }

    @Benchmark
    public int packetToFrame() {
        out.clear();
        encoder.encode(message, out);
        return out.readableBytes();
    }

    @Benchmark
    public Element frameToElement() {
        return decoder.decode(frame.duplicate());
    }
}
