package im.parley.conformance.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * A client that speaks XMPP by hand over a socket, for what a well-behaved library will not send: malformed XML,
 * DTDs, forged addresses, hand-made SASL. Reads wait for a marker with a deadline (never a sleep) and fail with the
 * whole transcript of the connection. Not thread-safe: one test drives one client.
 */
public final class RawXmppClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    public static final String SASL_NS = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String TLS_NS = "urn:ietf:params:xml:ns:xmpp-tls";

    private static final Pattern PROCEED = Pattern.compile("<proceed\\b[^>]*/>|<proceed\\b[^>]*>\\s*</proceed>");
    private static final Pattern STREAM_ERROR_CONDITION = Pattern.compile(
            "<([a-z-]+)[^>]*xmlns=['\"]urn:ietf:params:xml:ns:xmpp-streams['\"]");
    private static final Pattern STANZA_ERROR_CONDITION = Pattern.compile(
            "<(?!text\\b)([a-z-]+)\\b[^>]*xmlns=['\"]urn:ietf:params:xml:ns:xmpp-stanzas['\"]");
    private static final Pattern SASL_REPLY = Pattern.compile(
            "<(challenge|success|failure)\\b[^>]*?(?:/>|>([\\s\\S]*?)</\\1>)");

    private final Target target;
    private Duration timeout;
    private final Received received = new Received();
    private final StringBuilder transcript = new StringBuilder();
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int consumed;
    /** Byte offset of the first unread byte once reading switched to bytes (binary framing); -1 while reading text. */
    private int consumedBytes = -1;
    private boolean endOfStream;

    private RawXmppClient(Target target, Socket socket, Duration timeout) throws IOException {
        this.target = target;
        this.timeout = timeout;
        use(socket);
    }

    /** A plain TCP connection to the c2s port (STARTTLS comes later, by hand). */
    public static RawXmppClient connect(Target target) {
        return connect(target, Optional.empty());
    }

    /**
     * As {@link #connect(Target)}, with a small socket receive buffer: the kernel then holds little for a client that
     * stops reading, and a server's own outbound queue fills quickly.
     */
    public static RawXmppClient connect(Target target, Optional<Integer> receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            if (receiveBufferBytes.isPresent()) {
                socket.setReceiveBufferSize(receiveBufferBytes.get());
            }
            socket.connect(new InetSocketAddress(target.host(), target.c2sPort()), (int) DEFAULT_TIMEOUT.toMillis());
            return new RawXmppClient(target, socket, DEFAULT_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + target.host() + ":" + target.c2sPort(), e);
        }
    }

    /** XEP-0368: TLS from the first byte, on the direct-TLS port, with ALPN {@code xmpp-client}. */
    public static RawXmppClient connectDirectTls(Target target) {
        int port = target.requireDirectTlsPort();
        try {
            Socket plain = new Socket();
            plain.connect(new InetSocketAddress(target.host(), port), (int) DEFAULT_TIMEOUT.toMillis());
            SSLSocket tls = handshake(target, plain, port, new String[] {"xmpp-client"});
            return new RawXmppClient(target, tls, DEFAULT_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect with direct TLS to " + target.host() + ":" + port, e);
        }
    }

    /** How long reads wait from now on (e.g. longer than a server's idle timeout). */
    public RawXmppClient timeout(Duration value) {
        this.timeout = value;
        return this;
    }

    // ---- writing ----

    public void send(String xml) {
        transcript.append("C: ").append(xml).append('\n');
        try {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot send, connection lost\n" + transcript(), e);
        }
    }

    /** Sends without recording the payload in the transcript (for megabyte-sized inputs). */
    public void sendQuietly(String description, byte[] bytes) {
        transcript.append("C: ").append(description).append('\n');
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new AssertionError("cannot send " + description + ", connection lost\n" + transcript(), e);
        }
    }

    /** The stream header a client sends (RFC 6120 §4.7), addressed to the target's domain. */
    public String header() {
        return header(target.domain());
    }

    public static String header(String to) {
        return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='" + STREAMS_NS
                + "' to='" + to + "' version='1.0' xml:lang='en'>";
    }

    /** Opens a stream to the domain and returns the server's header and features. */
    public String openStream() {
        send(header());
        return readUntil("</stream:features>");
    }

    // ---- reading ----

    /** Everything received since the last read up to and including {@code marker}; fails after the timeout or EOF. */
    public String readUntil(String marker) {
        int start = consumed;
        awaitMatch(Pattern.compile(Pattern.quote(marker)));
        String all = received.toString(StandardCharsets.UTF_8);
        return all.substring(start, Math.min(consumed, all.length()));
    }

    /**
     * Waits for the server to send something that matches; returns the match and consumes the text up to its end.
     * Fails with the transcript on timeout or when the server closes first.
     */
    public Matcher awaitMatch(Pattern pattern) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String pending = pending();
            Matcher m = pattern.matcher(pending);
            if (m.find()) {
                consumedText(pending.substring(0, m.end()));
                return m;
            }
            if (endOfStream) {
                throw new AssertionError("the server closed the connection before sending " + pattern + "\n" + transcript());
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("nothing matching " + pattern + " within " + timeout + "\n" + transcript());
            }
            readSome(remaining);
        }
    }

    /**
     * The next {@code n} bytes the server sends, after everything read so far as text or bytes: for a binary encoding
     * negotiated inside the stream. Once called, text reads no longer apply to this connection.
     */
    public byte[] readBytes(int n) {
        if (consumedBytes < 0) {
            String all = received.toString(StandardCharsets.UTF_8);
            consumedBytes = all.substring(0, Math.min(consumed, all.length())).getBytes(StandardCharsets.UTF_8).length;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (received.size() < consumedBytes + n) {
            if (endOfStream) {
                throw new AssertionError("the server closed the connection before sending " + n + " more bytes\n"
                        + transcript());
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("fewer than " + n + " more bytes within " + timeout + "\n" + transcript());
            }
            readSome(remaining);
        }
        byte[] bytes = received.range(consumedBytes, consumedBytes + n);
        consumedBytes += n;
        return bytes;
    }

    /** Records a line in the transcript (e.g. a binary frame shown as the XML it stands for). */
    public void note(String line) {
        transcript.append(line).append('\n');
    }

    /** The condition of the stream error the server sends next (RFC 6120 §4.9.3), e.g. {@code restricted-xml}. */
    public String awaitStreamError() {
        Matcher m = awaitMatch(STREAM_ERROR_CONDITION);
        return m.group(1);
    }

    /**
     * The defined condition of the error the server answers the stanza {@code id} with (RFC 6120 §8.3: the reply keeps
     * the request's id), e.g. {@code jid-malformed}; an assertion error with the transcript if the reply is no error.
     */
    public String awaitStanzaError(String id) {
        String reply = awaitMatch(Pattern.compile("<(message|presence|iq)\\b[^>]*\\bid=['\"]" + Pattern.quote(id)
                + "['\"](?:[^>]*/>|[\\s\\S]*?</\\1>)")).group();
        Matcher condition = STANZA_ERROR_CONDITION.matcher(reply);
        if (!Pattern.compile("^<\\w+\\b[^>]*\\btype=['\"]error['\"]").matcher(reply).find() || !condition.find()) {
            throw new AssertionError("not a stanza error: " + reply + "\n" + transcript());
        }
        return condition.group(1);
    }

    /** Waits until the server has closed the TCP connection (reading and discarding whatever comes first). */
    public void awaitClosedByServer() {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!endOfStream) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("the server did not close the connection within " + timeout + "\n" + transcript());
            }
            readSome(remaining);
        }
    }

    public boolean closedByServer() {
        return endOfStream;
    }

    // ---- TLS ----

    /** RFC 6120 §5.4.2: sends {@code <starttls/>}, waits for {@code <proceed/>}, then does the handshake. */
    public void startTls() {
        send("<starttls xmlns='" + TLS_NS + "'/>");
        awaitProceed();
        upgradeToTls();
    }

    /** Waits for the server's {@code <proceed/>} (RFC 6120 §5.4.2.3), after a {@code <starttls/>} the caller sent. */
    public void awaitProceed() {
        awaitMatch(PROCEED);
    }

    /** Layers TLS over the current socket (after {@code <proceed/>}), trusting what the target's trust manager trusts. */
    public void upgradeToTls() {
        try {
            SSLSocket tls = handshake(target, socket, target.c2sPort(), new String[0]);
            transcript.append("-- TLS ").append(tls.getSession().getProtocol()).append(' ')
                    .append(tls.getSession().getCipherSuite()).append('\n');
            use(tls);
        } catch (IOException e) {
            throw new AssertionError("TLS handshake failed\n" + transcript(), e);
        }
    }

    public SSLSession tlsSession() {
        if (socket instanceof SSLSocket tls) {
            return tls.getSession();
        }
        throw new IllegalStateException("no TLS on this connection yet");
    }

    public String applicationProtocol() {
        return socket instanceof SSLSocket tls ? tls.getApplicationProtocol() : "";
    }

    // ---- SASL and binding ----

    /** A SASL reply: {@code challenge}, {@code success} (content: base64 additional data) or {@code failure} (content: XML). */
    public record SaslReply(String kind, String content) {
        public byte[] data() {
            return Base64.getDecoder().decode(content.strip());
        }

        /** The failure's condition element name, e.g. {@code not-authorized}. */
        public String condition() {
            Matcher m = Pattern.compile("<([a-z-]+)").matcher(content);
            return m.find() ? m.group(1) : "";
        }
    }

    public SaslReply auth(String mechanism, byte[] initialResponse) {
        send("<auth xmlns='" + SASL_NS + "' mechanism='" + mechanism + "'>"
                + (initialResponse.length == 0 ? "=" : Base64.getEncoder().encodeToString(initialResponse)) + "</auth>");
        return awaitSaslReply();
    }

    public SaslReply respond(byte[] response) {
        send("<response xmlns='" + SASL_NS + "'>" + Base64.getEncoder().encodeToString(response) + "</response>");
        return awaitSaslReply();
    }

    private SaslReply awaitSaslReply() {
        Matcher m = awaitMatch(SASL_REPLY);
        return new SaslReply(m.group(1), m.group(2) == null ? "" : m.group(2));
    }

    /** RFC 6120 §7: binds {@code resource}, or lets the server choose one; returns the full JID. */
    public String bind(Optional<String> resource) {
        send(bindRequest("bind-1", resource));
        return awaitMatch(Pattern.compile("<jid>([^<]+)</jid>")).group(1);
    }

    /** RFC 6120 §7.6: a resource binding request, the server choosing the resource when none is given. */
    public static String bindRequest(String id, Optional<String> resource) {
        String inner = resource.map(r -> "<resource>" + r + "</resource>").orElse("");
        return "<iq type='set' id='" + id + "'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>" + inner + "</bind></iq>";
    }

    /** XEP-0199 §4.2: a ping from a client to its server {@code domain}. */
    public static String pingRequest(String id, String domain) {
        return "<iq type='get' id='" + id + "' to='" + domain + "'><ping xmlns='urn:xmpp:ping'/></iq>";
    }

    /**
     * Pings the server and waits for its answer, whose opening tag this returns: a sync point, since a server handles
     * one stream's elements in order (or an assertion error with the transcript if the stream ends first).
     */
    public String pingServer(String id) {
        send(pingRequest(id, target.domain()));
        return awaitMatch(Pattern.compile("<iq\\b[^>]*\\bid=['\"]" + Pattern.quote(id) + "['\"][^>]*>")).group();
    }

    /**
     * The whole client side of a login: {@link #authenticate}, then binding. Returns the full JID.
     */
    public String login(Credentials credentials, Optional<String> resource) {
        authenticate(credentials);
        return bind(resource);
    }

    /**
     * STARTTLS, PLAIN (RFC 4616, inside TLS) and the new stream after SASL (RFC 6120 §6.4.6): returns the server's
     * post-authentication header and features.
     */
    public String authenticate(Credentials credentials) {
        openStream();
        startTls();
        openStream();
        return authenticateOnSecuredStream(credentials);
    }

    /** PLAIN on a stream already secured by {@link #startTls}, then the new stream after SASL (RFC 6120 §6.4.6). */
    public String authenticateOnSecuredStream(Credentials credentials) {
        byte[] plain = ("\0" + credentials.username() + "\0" + credentials.password()).getBytes(StandardCharsets.UTF_8);
        SaslReply reply = auth("PLAIN", plain);
        if (!reply.kind().equals("success")) {
            throw new AssertionError("PLAIN login failed: " + reply + "\n" + transcript());
        }
        return openStream();
    }

    public String transcript() {
        String tail = consumedBytes >= 0 && received.size() > consumedBytes
                ? "[" + (received.size() - consumedBytes) + " bytes not read yet]" : consumedBytes >= 0 ? "" : pending();
        return transcript + (tail.isEmpty() ? "" : "S: " + tail + "\n") + (endOfStream ? "-- closed by server\n" : "");
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the raw client's socket", e);
        }
    }

    // ---- internals ----

    private static SSLSocket handshake(Target target, Socket plain, int port, String[] alpn) throws IOException {
        SSLSocket tls = (SSLSocket) target.sslContext().getSocketFactory().createSocket(plain, target.domain(), port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setServerNames(java.util.List.of(new SNIHostName(target.domain())));
        if (alpn.length > 0) {
            parameters.setApplicationProtocols(alpn);
        }
        tls.setSSLParameters(parameters);
        tls.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
        tls.startHandshake();
        return tls;
    }

    private void use(Socket next) throws IOException {
        socket = next;
        in = next.getInputStream();
        out = next.getOutputStream();
    }

    private String pending() {
        String all = received.toString(StandardCharsets.UTF_8);
        return all.substring(Math.min(consumed, all.length()));
    }

    private void consumedText(String text) {
        consumed += text.length();
        transcript.append("S: ").append(text).append('\n');
    }

    private void readSome(long remainingNanos) {
        byte[] buffer = new byte[16 * 1024];
        try {
            socket.setSoTimeout((int) Math.max(1, remainingNanos / 1_000_000));
            int n = in.read(buffer);
            if (n < 0) {
                endOfStream = true;
            } else {
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            // The caller checks its deadline and decides.
        } catch (IOException e) {
            // A reset after the server's close counts as closed: the server ended the connection.
            transcript.append("-- read failed: ").append(e).append('\n');
            endOfStream = true;
        }
    }

    /** What the server sent; a range of it can be read without copying all of it (binary frames, byte by byte). */
    private static final class Received extends ByteArrayOutputStream {
        byte[] range(int from, int to) {
            return java.util.Arrays.copyOfRange(buf, from, to);
        }
    }
}
