package im.parley.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import im.parley.config.LimitsConfig;
import im.parley.config.ListenerConfig;
import im.parley.config.ServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static ParleyConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "conf/parley.yml");
    }

    @Test
    void emptyFileMeansEveryDefault() {
        // Given: files with nothing in them but comments or blank lines
        // When / Then: the result is the built-in default configuration
        assertThat(parse("")).isEqualTo(ParleyConfig.defaults());
        assertThat(parse("# nothing set\n\n")).isEqualTo(ParleyConfig.defaults());
    }

    @Test
    void defaultsServeLocalhostOn5222And5223WithDataUnderDotData() {
        // Given / When
        ParleyConfig config = ParleyConfig.defaults();
        // Then: the README's promise for a start without --config
        assertThat(config.server().domain()).isEqualTo("localhost");
        assertThat(config.server().listeners().c2s().port()).isEqualTo(5222);
        assertThat(config.server().listeners().c2sDirectTls().port()).isEqualTo(5223);
        assertThat(config.server().dataDirectory()).isEqualTo(Path.of("data"));
        assertThat(config.storage().url()).isEqualTo("jdbc:h2:file:./data/parley");
        assertThat(config.modules().register().enabled()).isTrue();
    }

    @Test
    void keysInTheFileOverrideOnlyThemselves() {
        // Given
        String yaml = """
                domain: chat.example.org
                listeners:
                  c2s:
                    port: 15222
                limits:
                  max-stanza-bytes: 65536
                modules:
                  register:
                    max-per-window: 2
                """;
        // When
        ParleyConfig config = parse(yaml);
        // Then: the named keys changed; their siblings and everything else kept the defaults
        ServerConfig server = config.server();
        ServerConfig defaults = ServerConfig.defaults();
        assertThat(server.domain()).isEqualTo("chat.example.org");
        assertThat(server.listeners().c2s()).isEqualTo(new ListenerConfig(true, "0.0.0.0", 15222));
        assertThat(server.listeners().c2sDirectTls()).isEqualTo(defaults.listeners().c2sDirectTls());
        assertThat(server.limits().maxStanzaBytes()).isEqualTo(65536);
        assertThat(server.limits().maxDepth()).isEqualTo(defaults.limits().maxDepth());
        assertThat(server.limits().idleTimeout()).isEqualTo(defaults.limits().idleTimeout());
        assertThat(server.auth()).isEqualTo(defaults.auth());
        assertThat(config.modules().register().maxPerWindow()).isEqualTo(2);
        assertThat(config.modules().register().window()).isEqualTo(Duration.ofHours(1));
        assertThat(config.storage()).isEqualTo(ParleyConfig.defaults().storage());
    }

    @Test
    void defaultDatabaseFollowsTheDataDirectory() {
        // Given / When
        ParleyConfig relative = parse("data-directory: var/parley\n");
        ParleyConfig absolute = parse("data-directory: /srv/parley\n");
        // Then
        assertThat(relative.storage().url()).isEqualTo("jdbc:h2:file:./var/parley/parley");
        assertThat(absolute.storage().url()).isEqualTo("jdbc:h2:file:/srv/parley/parley");
    }

    @Test
    void explicitStorageUrlWins() {
        // Given / When
        ParleyConfig config = parse("""
                data-directory: /srv/parley
                storage:
                  url: jdbc:postgresql://db:5432/parley
                  user: parley
                  pool-size: 20
                """);
        // Then
        assertThat(config.storage().url()).isEqualTo("jdbc:postgresql://db:5432/parley");
        assertThat(config.storage().user()).isEqualTo("parley");
        assertThat(config.storage().poolSize()).isEqualTo(20);
        assertThat(config.storage().offlineQueueLimit()).isEqualTo(10_000);
    }

    @Test
    void unknownKeyNamesFileLineKeyAndTheLikelyKey() {
        // Given: a typo on line 3
        String yaml = """
                listeners:
                  c2s:
                    prot: 5222
                """;
        // When / Then
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ConfigFileException.class)
                .hasMessage("conf/parley.yml line 3: listeners.c2s.prot: unknown key (did you mean port?)");
    }

    @Test
    void unknownKeyFarFromAnyListsTheKeysAllowedThere() {
        // Given / When / Then
        assertThatThrownBy(() -> parse("tls:\n  verify-peer: true\n"))
                .hasMessage("conf/parley.yml line 2: tls.verify-peer: unknown key "
                        + "(known keys here: certificate, private-key, required, provider)");
        assertThatThrownBy(() -> parse("\ndomian: example.org\n"))
                .hasMessage("conf/parley.yml line 2: domian: unknown key (did you mean domain?)");
    }

    @Test
    void valueOfTheWrongTypeNamesLineAndKey() {
        // Given / When / Then
        assertThatThrownBy(() -> parse("listeners:\n  c2s-direct-tls:\n    port: fivetwotwothree\n"))
                .hasMessage("conf/parley.yml line 3: listeners.c2s-direct-tls.port: expected a whole number, "
                        + "got 'fivetwotwothree'");
        assertThatThrownBy(() -> parse("modules:\n  register:\n    enabled: yes please\n"))
                .hasMessage("conf/parley.yml line 3: modules.register.enabled: expected true or false, got 'yes please'");
        assertThatThrownBy(() -> parse("limits: 5\n"))
                .hasMessage("conf/parley.yml line 1: limits: expected nested keys (a mapping), got '5'");
    }

    @Test
    void valueTheRecordRejectsNamesLineAndKey() {
        // Given: values of the right type but out of range, rejected by the records' own validation
        // When / Then
        assertThatThrownBy(() -> parse("# ports\nlisteners:\n  c2s:\n    port: 70000\n"))
                .hasMessageStartingWith("conf/parley.yml line 4: listeners.c2s.port: expected 0–65535");
        assertThatThrownBy(() -> parse("auth:\n  scram-iterations: 1000\n"))
                .hasMessageStartingWith("conf/parley.yml line 2: auth.scram-iterations: expected at least 4096");
        assertThatThrownBy(() -> parse("modules:\n  register:\n    max-per-window: 0\n"))
                .hasMessageStartingWith("conf/parley.yml line 3: modules.register.max-per-window:");
        assertThatThrownBy(() -> parse("storage:\n  pool-size: 0\n"))
                .hasMessageStartingWith("conf/parley.yml line 2: storage.pool-size: expected 1–1000");
        assertThatThrownBy(() -> parse("domain: alice@example.org\n"))
                .hasMessageStartingWith("conf/parley.yml line 1: domain: expected a domain name");
        assertThatThrownBy(() -> parse("limits:\n  inbound-bytes-per-second: -1\n"))
                .hasMessageStartingWith("conf/parley.yml line 2: limits.inbound-bytes-per-second: expected 0 (no limit)");
        assertThatThrownBy(() -> parse("limits:\n  inbound-bytes-per-second: 1000\n"))
                .hasMessageStartingWith("conf/parley.yml line 2: limits.inbound-bytes-per-second: expected 0 (no limit) "
                        + "or at least 4096");
        assertThatThrownBy(() -> parse("limits:\n  inbound-burst-bytes: 1024\n"))
                .hasMessageStartingWith("conf/parley.yml line 2: limits.inbound-burst-bytes: expected at least 16384");
    }

    @Test
    void inboundRateIsOnByDefaultAndZeroLiftsIt() {
        assertThat(parse("").server().limits().inboundBytesPerSecond()).isEqualTo(16 * 1024);
        assertThat(parse("").server().limits().inboundBurstBytes()).isEqualTo(256 * 1024);

        LimitsConfig lifted = parse("limits:\n  inbound-bytes-per-second: 0\n").server().limits();

        assertThat(lifted.inboundBytesPerSecond()).isZero();
        assertThat(lifted.inboundBurstBytes()).isEqualTo(256 * 1024);
    }

    @Test
    void ruleSpanningTwoKeysPointsAtTheirParent() {
        // Given: a certificate without its private key
        // When / Then
        assertThatThrownBy(() -> parse("domain: example.org\ntls:\n  certificate: /etc/parley/cert.pem\n"))
                .hasMessage("conf/parley.yml line 2: tls: certificate and private-key go together; set both or neither");
    }

    @Test
    void durationsAcceptUnitsAndIso8601() {
        // Given / When
        ParleyConfig config = parse("""
                limits:
                  idle-timeout: 250ms
                  ping-interval: 1h30m
                  ping-timeout: PT45S
                auth:
                  failure-window: 5m
                  max-delay: 30s
                """);
        // Then
        assertThat(config.server().limits().idleTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.server().limits().pingInterval()).isEqualTo(Duration.ofMinutes(90));
        assertThat(config.server().limits().pingTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(config.server().auth().failureWindow()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.server().auth().maxDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void durationWithoutUnitIsRefusedWithTheKey() {
        // Given: "60" could mean seconds or milliseconds; we do not guess
        // When / Then
        assertThatThrownBy(() -> parse("limits:\n  idle-timeout: 60\n"))
                .hasMessage("conf/parley.yml line 2: limits.idle-timeout: expected a duration such as 250ms, 30s, "
                        + "5m, 1h or PT30S, got '60'");
    }

    @Test
    void emptyValueKeepsTheDefault() {
        // Given / When
        ParleyConfig config = parse("tls:\n  certificate:\n  private-key: ~\nstorage:\n  password:\n");
        // Then
        assertThat(config).isEqualTo(ParleyConfig.defaults());
    }

    @Test
    void pathsStayRelativeToTheWorkingDirectory() {
        // Given / When
        ParleyConfig config = parse("tls:\n  certificate: certs/fullchain.pem\n  private-key: certs/privkey.pem\n");
        // Then
        assertThat(config.server().tls().certificateFile()).contains(Path.of("certs/fullchain.pem"));
    }

    @Test
    void brokenYamlNamesTheLine() {
        // Given: an unclosed quote on line 2
        // When / Then
        assertThatThrownBy(() -> parse("domain: localhost\nlisteners: \"open\n  c2s: 1\n"))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageContaining("not valid YAML")
                .satisfies(e -> assertThat(((ConfigFileException) e).line()).isBetween(2, 4));
    }

    @Test
    void keyWrittenTwiceIsAnError() {
        // Given / When / Then
        assertThatThrownBy(() -> parse("domain: a.example\nlimits:\n  max-depth: 10\ndomain: b.example\n"))
                .hasMessage("conf/parley.yml line 4: domain: written twice (first on line 1)");
    }

    @Test
    void missingFileIsAConfigurationError() {
        // Given / When / Then
        assertThatThrownBy(() -> ConfigLoader.load(Path.of("does/not/exist.yml")))
                .isInstanceOf(ConfigFileException.class)
                .hasMessageStartingWith("does/not/exist.yml: cannot be read");
    }
}
