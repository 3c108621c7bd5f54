package im.parley.transport;

import im.parley.sasl.Tls13Exporter;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.ssl.ReferenceCountedOpenSslContext;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.internal.tcnative.KeyLogCallback;
import io.netty.internal.tcnative.SSLContext;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 9266 tls-exporter on BoringSSL connections. netty-tcnative has no binding for SSL_export_keying_material, but
 * BoringSSL hands each TLS 1.3 connection's exporter master secret to the context's key-log callback (the NSS key
 * log line {@code EXPORTER_SECRET <client random> <secret>}); the exporter is then RFC 8446 §7.5
 * ({@link Tls13Exporter}). Secrets are kept only for connections this server set up, from the handshake until the
 * session reads its channel binding or the connection closes, and never written anywhere.
 */
final class OpenSslExporterSecrets implements KeyLogCallback {
    private static final Logger log = LoggerFactory.getLogger(OpenSslExporterSecrets.class);
    private static final byte[] EXPORTER_SECRET = "EXPORTER_SECRET ".getBytes(StandardCharsets.US_ASCII);

    /** A tracked connection, by the address of its SSL object; the secret arrives during the handshake. */
    private static final class Pending {
        final Channel channel;
        final ChannelFutureListener forget;
        volatile byte[] secret;

        Pending(Channel channel, ChannelFutureListener forget) {
            this.channel = channel;
            this.forget = forget;
        }
    }

    private final ConcurrentMap<Long, Pending> pending = new ConcurrentHashMap<>();

    private OpenSslExporterSecrets() {
    }

    /** Installs the key-log callback on an OpenSSL context; empty for the JDK's, or if Netty's internals moved. */
    static Optional<OpenSslExporterSecrets> install(SslContext context) {
        if (!(context instanceof ReferenceCountedOpenSslContext openSsl)) {
            return Optional.empty();
        }
        // setKeyLogCallback takes netty-tcnative's context handle, which Netty keeps private (its public accessors
        // return the bare SSL_CTX). The handle is only used once it provably wraps this context's SSL_CTX.
        try {
            Field field = ReferenceCountedOpenSslContext.class.getDeclaredField("ctx");
            field.setAccessible(true);
            long handle = field.getLong(openSsl);
            if (handle == 0 || SSLContext.getSslCtx(handle) != openSsl.sslCtxPointer()) {
                log.warn("no tls-exporter on OpenSSL: netty-tcnative's context handle is not where it was expected");
                return Optional.empty();
            }
            OpenSslExporterSecrets secrets = new OpenSslExporterSecrets();
            return SSLContext.setKeyLogCallback(handle, secrets) ? Optional.of(secrets) : Optional.empty();
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("no tls-exporter on OpenSSL: cannot reach netty-tcnative's context handle ({})", e.toString());
            return Optional.empty();
        }
    }

    /** Starts keeping the exporter secret of {@code engine}, which serves {@code channel}, until it is taken or the channel closes. */
    void track(SSLEngine engine, Channel channel) {
        if (engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            long ssl = openSsl.sslPointer();
            ChannelFutureListener forget = closed -> pending.remove(ssl);
            pending.put(ssl, new Pending(channel, forget));
            channel.closeFuture().addListener(forget);
        }
    }

    /** The connection's RFC 9266 tls-exporter value, if it negotiated TLS 1.3; the secret is forgotten either way. */
    Optional<byte[]> takeTlsExporter(SSLEngine engine, int length) {
        if (!(engine instanceof ReferenceCountedOpenSslEngine openSsl)) {
            return Optional.empty();
        }
        Pending entry = pending.remove(openSsl.sslPointer());
        if (entry == null) {
            return Optional.empty();
        }
        entry.channel.closeFuture().removeListener(entry.forget);
        byte[] secret = entry.secret;
        if (secret == null || !"TLSv1.3".equals(engine.getSession().getProtocol())) {
            return Optional.empty();
        }
        return Optional.of(Tls13Exporter.channelBinding(engine.getSession().getCipherSuite(), secret, length));
    }

    int tracked() {
        return pending.size();
    }

    /** Called by BoringSSL on the thread running the handshake, once per secret it derives. */
    @Override
    public void handle(long ssl, byte[] line) {
        if (!startsWith(line, EXPORTER_SECRET)) {
            return;
        }
        Pending entry = pending.get(ssl);
        if (entry != null) {
            String text = new String(line, StandardCharsets.US_ASCII).trim();
            entry.secret = HexFormat.of().parseHex(text.substring(text.lastIndexOf(' ') + 1));
        }
    }

    private static boolean startsWith(byte[] line, byte[] prefix) {
        if (line.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
