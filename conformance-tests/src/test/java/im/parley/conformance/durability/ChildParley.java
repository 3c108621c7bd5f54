package im.parley.conformance.durability;

import im.parley.conformance.support.Target;
import im.parley.dist.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Parley's {@link Main} in a child JVM (as {@code bin/parley} runs it), so that a test can SIGKILL it and start it
 * again on the same data. The configuration is a YAML file in {@code base}; data lives in {@code base/data}. The
 * child's output is read line by line: the test waits for the "listening on" line, never for a fixed time.
 */
final class ChildParley implements AutoCloseable {
    static final String DOMAIN = "localhost";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("listening on [^:]+:(\\d+) \\(client connections, STARTTLS\\)");
    private static final String END_OF_OUTPUT = new String("[end of output]");

    private final Process process;
    private final Path base;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private int c2sPort;

    private ChildParley(Process process, Path base) {
        this.process = process;
        this.base = base;
        Thread.ofPlatform().daemon().name("parley-child-output").start(() -> pump(process.getInputStream()));
    }

    /**
     * Starts Parley with its data under {@code base/data}: loopback, a free port, no direct TLS, per-address throttles
     * lifted (every test client is 127.0.0.1). {@code storageYaml} is a {@code storage:} section, or empty for the
     * default embedded H2 in the data directory. Returns once the c2s listener is bound.
     */
    static ChildParley start(Path base, String storageYaml) throws IOException, InterruptedException {
        Path data = base.resolve("data");
        Path config = base.resolve("parley.yml");
        Files.writeString(config, """
                domain: %s
                data-directory: %s
                listeners:
                  c2s:
                    address: 127.0.0.1
                    port: 0
                  c2s-direct-tls:
                    enabled: false
                auth:
                  throttle: false
                modules:
                  register:
                    throttle: false
                  mam:
                    max-page: 10000
                %s
                """.formatted(DOMAIN, data.toAbsolutePath(), storageYaml));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--config", config.toString()));
        Process process = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true).start();
        ChildParley parley = new ChildParley(process, base);
        parley.c2sPort = parley.awaitListening();
        return parley;
    }

    /** The YAML storage section for a PostgreSQL database (the cluster trusts its superuser: no password). */
    static String postgresStorage(String jdbcUrl, String user) {
        return "storage:\n  url: " + jdbcUrl + "\n  user: " + user + "\n";
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no flush, no close of the database; returns once the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("Parley (pid " + pid() + ") survived SIGKILL for 30 s");
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** The running server as the support clients address it; trusts exactly its self-signed certificate. */
    Target target() {
        Path certificate = base.resolve("data").resolve("tls").resolve(DOMAIN + ".crt");
        return new Target("127.0.0.1", c2sPort, Optional.empty(), DOMAIN, trusting(certificate),
                Optional.of((hostname, session) -> true), new Target.Limits(256 * 1024, 64, Duration.ofSeconds(60)),
                Optional.empty());
    }

    String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private int awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null || line == END_OF_OUTPUT) {
                process.destroyForcibly();
                throw new AssertionError("Parley did not report its c2s port within " + START_TIMEOUT
                        + (line == null ? "" : " (it exited)") + ":\n" + output());
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
    }

    private void pump(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                output.add(line);
                lines.add(line);
            }
        } catch (IOException e) {
            output.add("[reading the child's output failed: " + e + "]");
        } finally {
            lines.add(END_OF_OUTPUT);
        }
    }

    private static X509TrustManager trusting(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("parley-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X509TrustManager for " + pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the server certificate " + pem, e);
        }
    }
}
