package im.parley.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The server as an operator runs it: a separate process, a config file, SIGTERM to stop. */
@Timeout(120)
class ParleyProcessTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern C2S_PORT =
            Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) \\(client connections, STARTTLS\\)");
    private static final String OPEN_STREAM = "<?xml version='1.0'?><stream:stream to='localhost' version='1.0'"
            + " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    @TempDir
    Path work;

    @Test
    void sigtermClosesStreamsAndDatabaseThenExitsZero_rfc6120_4_4() throws Exception {
        // Given: Parley started from a config file on free loopback ports, with data under the working directory
        Path config = Files.writeString(work.resolve("parley.yml"), """
                listeners:
                  c2s:
                    address: 127.0.0.1
                    port: 0
                  c2s-direct-tls:
                    address: 127.0.0.1
                    port: 0
                """);
        try (ParleyProcess parley = ParleyProcess.start(work, "--config", config.toString())) {
            int port = Integer.parseInt(parley.awaitStdout(C2S_PORT, STARTUP)
                    .orElseThrow(() -> new AssertionError("Parley never said it listens\n" + parley.transcript())));
            try (Socket client = new Socket()) {
                client.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                client.setSoTimeout(30_000);  // a guard against a hung server, not a wait
                client.getOutputStream().write(OPEN_STREAM.getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
                String header = readUntil(client.getInputStream(), "<stream:features");
                assertThat(header).as("response stream header\n%s", parley.transcript())
                        .contains("<stream:stream").containsPattern("from=['\"]localhost['\"]");

                // When: the operator stops the server
                parley.terminate();

                // Then: RFC 6120 §4.4: the server closes the stream with </stream:stream> before the TCP connection
                String rest = readUntilEnd(client.getInputStream());
                assertThat(rest).as("what the client received after SIGTERM\n%s", parley.transcript())
                        .contains("</stream:stream>");
            }
            assertThat(parley.awaitExit(Duration.ofSeconds(30)))
                    .as("exit status after SIGTERM\n%s", parley.transcript()).contains(0);
            assertThat(parley.stdout()).contains("stopped");
        }
        // And: the H2 database was closed cleanly: no lock left behind, and it opens again
        Path data = work.resolve("data");
        try (Stream<Path> files = Files.list(data)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.endsWith(".lock.db"));
        }
        assertThat(reopen(data.resolve("parley"))).isEqualTo(1);
    }

    @Test
    void badConfigurationNamesKeyAndLineAndExitsTwo() throws Exception {
        // Given: a typo on line 3
        Path config = Files.writeString(work.resolve("parley.yml"), """
                listeners:
                  c2s:
                    prot: 5222
                """);
        // When
        try (ParleyProcess parley = ParleyProcess.start(work, "--config", config.toString())) {
            // Then
            assertThat(parley.awaitExit(STARTUP)).as(parley.transcript()).contains(Main.BAD_CONFIGURATION);
            assertThat(parley.stderr()).contains(config + " line 3: listeners.c2s.prot: unknown key (did you mean port?)");
            assertThat(parley.stdout()).doesNotContain("listening on");
        }
        assertThat(work.resolve("data")).doesNotExist();
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            seen.write(buffer, 0, n);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    private static String readUntilEnd(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static int reopen(Path database) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + database + ";IFEXISTS=TRUE", "sa", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
