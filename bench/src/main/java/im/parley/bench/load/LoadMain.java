package im.parley.bench.load;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -cp … im.parley.bench.load.LoadMain --host 127.0.0.1 --port 5222 --domain localhost --users 1000
 * --scenario chat}: runs one scenario against any XMPP server and prints its table (and {@code RESULT} lines).
 * Exit code 0 when the scenario ran (even if the server did not support it), 1 when it failed.
 */
@Command(name = "parley-load", mixinStandardHelpOptions = true,
        description = "XMPP load generator: chat, idle, logins, offline, presence scenarios, or the raw relay ceiling.")
public final class LoadMain implements Callable<Integer> {

    enum Scenario { chat, idle, logins, offline, presence, relay }

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "server address (loopback only)")
    String host;
    @Option(names = "--port", defaultValue = "5222", description = "c2s port (STARTTLS), or the direct-TLS port with --direct-tls")
    int port;
    @Option(names = "--domain", defaultValue = "localhost", description = "XMPP domain of the accounts")
    String domain;
    @Option(names = "--direct-tls", description = "TLS from the first byte (XEP-0368) instead of STARTTLS")
    boolean directTls;
    @Option(names = "--scenario", required = true, description = "chat | idle | logins | offline | presence | relay")
    Scenario scenario;
    @Option(names = "--users", defaultValue = "200", description = "simulated users (idle: sessions to hold)")
    int users;
    @Option(names = "--user-prefix", defaultValue = "load", description = "accounts are <prefix><n>@domain")
    String userPrefix;
    @Option(names = "--user-offset", defaultValue = "0", description = "first account number (split a run over processes)")
    int userOffset;
    @Option(names = "--password", defaultValue = "load-pass-1")
    String password;
    @Option(names = "--mechanism", defaultValue = "SCRAM", description = "SCRAM (strongest offered) or PLAIN")
    String mechanism;
    @Option(names = "--no-register", description = "accounts are pre-provisioned; by default they are created by in-band registration (XEP-0077)")
    boolean noRegister;
    @Option(names = "--sources", defaultValue = "8", description = "loopback source addresses 127.0.0.2..(1+n); 0: let the OS pick")
    int sources;
    @Option(names = "--event-loops", defaultValue = "1", description = "generator event loop threads")
    int eventLoops;
    @Option(names = "--login-concurrency", defaultValue = "64", description = "logins in flight at once")
    int loginConcurrency;
    @Option(names = "--rates", split = ",", description = "chat: offered msg/s per step (default 500,1000,2000,4000,…,64000)")
    List<Integer> rates;
    @Option(names = "--step-seconds", defaultValue = "5", description = "chat: length of each rate step")
    int stepSeconds;
    @Option(names = "--warmup-seconds", defaultValue = "3", description = "chat: untimed warm-up at the first rate")
    int warmupSeconds;
    @Option(names = "--p99-limit-ms", defaultValue = "50", description = "chat: a step with a higher p99 is not sustained")
    double p99LimitMs;
    @Option(names = "--body-bytes", defaultValue = "64", description = "chat: message body length")
    int bodyBytes;
    @Option(names = "--server-pid", defaultValue = "0", description = "the server's PID, for RSS and CPU from /proc (chat: per step)")
    long serverPid;
    @Option(names = "--database-user", defaultValue = "",
            description = "offline: the OS user of the server's own database server (e.g. postgres), whose CPU the drain reports")
    String databaseUser;
    @Option(names = "--settle-seconds", defaultValue = "5", description = "idle: pause after each ramp chunk before reading RSS")
    int settleSeconds;
    @Option(names = "--rest-seconds", defaultValue = "10", description = "idle: CPU-at-rest measurement window")
    int restSeconds;
    @Option(names = "--messages", defaultValue = "20", description = "offline: messages per offline recipient")
    int messages;
    @Option(names = "--contacts", defaultValue = "100", description = "presence: contacts per user")
    int contacts;
    @Option(names = "--skip-setup", description = "presence: the subscriptions exist from an earlier run with the same --user-prefix")
    boolean skipSetup;
    @Option(names = "--resume-tls", description = "resume TLS sessions from the server's tickets, as a returning device does; by default every connection makes a full handshake")
    boolean resumeTls;
    @Option(names = "--binary", description = "enable Parley's binary stanza encoding (urn:parley:binary:1) when the server "
            + "offers it; plain XML otherwise")
    boolean binary;
    @Option(names = "--scram-cache", description = "file of SCRAM SaltedPasswords read at start and written at the end, "
            + "so a fresh generator process does not time its own PBKDF2 (throw-away load accounts only)")
    Path scramCache;
    @Option(names = "--checkpoint", defaultValue = "2000", description = "idle: first RSS checkpoint (sessions); marginal cost is from here to all")
    int checkpoint;

    @Override
    public Integer call() throws Exception {
        if (!host.startsWith("127.") && !host.equals("localhost") && !host.equals("::1")) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--host must be a loopback address: this tool only loads this machine");
        }
        ScenarioReport report = run();
        report.print(System.out);
        return report.status().equals("failed") ? 1 : 0;
    }

    ScenarioReport run() throws InterruptedException {
        boolean register = !noRegister;
        boolean raw = scenario == Scenario.relay;
        List<String> sourceList = sources > 0 ? Target.loopbackSources(sources) : List.of();
        Target target = new Target(host, port, domain, directTls, mechanism, password, userPrefix + offsetTag(), sourceList, raw, resumeTls,
                binary);
        List<Integer> steps = rates == null || rates.isEmpty() ? ChatScenario.defaultRates() : new ArrayList<>(rates);
        Map<String, byte[]> known = new HashMap<>();
        if (scramCache != null) {
            SaltedPasswordFile.load(scramCache, known);
        }
        try (ClientFleet fleet = new ClientFleet(target, eventLoops, known)) {
            ScenarioReport report = switch (scenario) {
                case chat, relay -> new ChatScenario(fleet, new ChatScenario.Settings(users, steps, stepSeconds,
                        warmupSeconds, p99LimitMs, bodyBytes, register && !raw, loginConcurrency,
                        ProcessProbe.of(serverPid))).run();
                case idle -> new IdleScenario(fleet, new IdleScenario.Settings(users, loginConcurrency, settleSeconds,
                        restSeconds, register, ProcessProbe.of(serverPid), checkpoint)).run();
                case logins -> new LoginsScenario(fleet, new LoginsScenario.Settings(users, loginConcurrency, register, ProcessProbe.of(serverPid))).run();
                case offline -> new OfflineScenario(fleet, new OfflineScenario.Settings(users, messages, register,
                        loginConcurrency, ProcessProbe.of(serverPid), UserProcesses.of(databaseUser))).run();
                case presence -> new PresenceStormScenario(fleet, new PresenceStormScenario.Settings(users, contacts,
                        register, loginConcurrency, skipSetup)).run();
            };
            if (scramCache != null) {
                SaltedPasswordFile.save(scramCache, fleet.saltedPasswords());
            }
            return report;
        }
    }

    /** Processes sharing one server use disjoint account ranges: {@code load} + offset tag + n. */
    private String offsetTag() {
        return userOffset == 0 ? "" : userOffset + "x";
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadMain()).execute(args));
    }

    /** Runs a scenario from code (the smoke test): same options as the command line. */
    public static ScenarioReport run(String... args) throws InterruptedException {
        LoadMain main = new LoadMain();
        new CommandLine(main).parseArgs(args);
        return main.run();
    }
}
