package im.parley.bench.jmh;

import im.parley.binary.BinaryDictionary;
import im.parley.binary.StaticNames;
import im.parley.framing.InboundFrame;
import im.parley.xml.XmlLimits;
import im.parley.xml.XmlParserFactory;
import im.parley.xml.XmlStreamDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.xmpp.packet.Message;

/**
 * XML stream → packet: a read of {@value #STANZAS} chat stanzas goes through {@link XmlStreamDecoder} (Aalto async →
 * dom4j) in an {@link EmbeddedChannel}, and each element becomes a Tinder {@link Message}, as the session does.
 * Reported per stanza.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecodeBenchmark {
    static final int STANZAS = 100;
    private EmbeddedChannel channel;
    private byte[] batch;

    @Setup(Level.Iteration)
    public void openStream() {
        DocumentFactory documents = new DocumentFactory();
        channel = new EmbeddedChannel(new XmlStreamDecoder(new XmlLimits(262_144, 64), new XmlParserFactory(),
                documents, new StaticNames(BinaryDictionary.v1(), documents).known()));
        channel.writeInbound(Unpooled.wrappedBuffer(ChatTranscript.STREAM_OPEN.getBytes(StandardCharsets.UTF_8)));
        channel.inboundMessages().clear();
        batch = ChatTranscript.batch(STANZAS);
    }

    @TearDown(Level.Iteration)
    public void close() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void bytesToPacket(Blackhole bh) {
        decode(Unpooled.wrappedBuffer(batch), bh);
    }

    /** The same read in a direct buffer, as BoringSSL's SslHandler hands the plaintext over (copy included). */
    @Benchmark
    @OperationsPerInvocation(STANZAS)
    public void directBytesToPacket(Blackhole bh) {
        decode(Unpooled.directBuffer(batch.length).writeBytes(batch), bh);
    }

    private void decode(ByteBuf read, Blackhole bh) {
        channel.writeInbound(read);
        Object frame;
        int n = 0;
        while ((frame = channel.readInbound()) != null) {
            if (frame instanceof InboundFrame.Element element) {
                bh.consume(new Message(element.element(), true));
                n++;
            }
        }
        if (n != STANZAS) {
            throw new IllegalStateException("decoded " + n + " of " + STANZAS + " stanzas");
        }
    }
}
