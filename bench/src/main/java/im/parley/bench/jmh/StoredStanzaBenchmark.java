package im.parley.bench.jmh;

import im.parley.binary.StaticNames;
import im.parley.xml.KnownNames;
import im.parley.xml.XmlParserFactory;
import im.parley.xml.XmlTextParser;
import java.util.concurrent.TimeUnit;
import org.dom4j.DocumentFactory;
import org.dom4j.Element;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Stored text → element, as an offline drain reads each queued stanza back (XEP-0160, with its XEP-0203 delay and
 * XEP-0359 stanza-id) and a MAM page each archived one: with the dictionary's names shared by every read
 * ({@code dictionary}, what the server does) and with none ({@code none}, each read makes its own).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StoredStanzaBenchmark {
    static final String STORED = "<message xmlns=\"jabber:client\" to=\"juliet@capulet.lit\" id=\"o7\" type=\"chat\""
            + " from=\"romeo@montague.lit/orchard\"><body>offline 7</body>"
            + "<stanza-id xmlns=\"urn:xmpp:sid:0\" by=\"romeo@montague.lit\" id=\"5f1c0a7e-2a4b-4c1d-9e3f-0b6a7d8c9e10\"/>"
            + "<delay xmlns=\"urn:xmpp:delay\" from=\"montague.lit\" stamp=\"2026-11-25T15:04:05.123Z\">"
            + "Offline Storage</delay></message>";

    @Param({"dictionary", "none"})
    public String names;

    private XmlTextParser parser;

    @Setup
    public void setUp() {
        DocumentFactory documents = DocumentFactory.getInstance();
        KnownNames known = names.equals("dictionary") ? StaticNames.v1().known()
                : KnownNames.NONE;
        parser = new XmlTextParser(new XmlParserFactory(), documents, known);
    }

    @Benchmark
    public Element storedTextToElement() {
        return parser.parse(STORED);
    }
}
