package im.parley.bench.jmh;

import java.nio.charset.StandardCharsets;

/**
 * What a chat client sends after login, as the load generator's chat scenario sends it (captured from its output):
 * a message with a delivery receipt request (XEP-0184 §5.1) and the peer's receipt for an earlier one (§5.2).
 */
final class ChatTranscript {
    static final String DOMAIN = "bench.test";
    static final String STREAM_OPEN = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='bench.test' version='1.0' xml:lang='en'>";

    private ChatTranscript() {
    }

    static String message(int seq) {
        return "<message to='load1@bench.test/gen' id='c" + seq + "-81234567891234' type='chat'><body>"
                + "x".repeat(64) + "</body><request xmlns='urn:xmpp:receipts'/></message>";
    }

    static String receipt(int seq) {
        return "<message to='load1@bench.test/gen' id='rc" + seq + "-81234567891234'><received xmlns='urn:xmpp:receipts' "
                + "id='c" + seq + "-81234567891234'/></message>";
    }

    /** {@code count} stanzas, messages and receipts alternating, as one read of the socket would bring them. */
    static byte[] batch(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(i % 2 == 0 ? message(i) : receipt(i));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
