package im.parley.bench.jmh;

import im.parley.framing.OutboundFrame;
import im.parley.stream.StreamHeader;
import im.parley.xml.XmlFrameEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentException;
import org.dom4j.DocumentHelper;
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
 * Packet → bytes: one chat message (as delivered, with 'from') written by {@link XmlFrameEncoder} in an
 * {@link EmbeddedChannel} after the server's stream header; the bytes are read and released.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.Throughput, Mode.AverageTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EncodeBenchmark {
    private EmbeddedChannel channel;
    private OutboundFrame.Element frame;

    @Setup(Level.Iteration)
    public void openStream() throws DocumentException {
        channel = new EmbeddedChannel(new XmlFrameEncoder());
        channel.writeOutbound(new OutboundFrame.StreamOpen(new StreamHeader(Optional.empty(), Optional.of(ChatTranscript.DOMAIN),
                Optional.of("s1"), Optional.of("1.0"), Optional.of("en"), StreamHeader.CLIENT_NAMESPACE)));
        ((ByteBuf) channel.readOutbound()).release();
        Message message = new Message(DocumentHelper.parseText(ChatTranscript.message(1)).getRootElement(), true);
        message.setFrom("load0@bench.test/gen");
        frame = new OutboundFrame.Element(message.getElement());
    }

    @TearDown(Level.Iteration)
    public void close() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int packetToBytes() {
        channel.writeOutbound(frame);
        ByteBuf bytes = channel.readOutbound();
        int n = bytes.readableBytes();
        bytes.release();
        return n;
    }
}
