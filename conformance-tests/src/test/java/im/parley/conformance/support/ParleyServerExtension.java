package im.parley.conformance.support;

import im.parley.config.AuthConfig;
import im.parley.config.LimitsConfig;
import im.parley.config.ServerConfig;
import im.parley.dist.Parley;
import im.parley.dist.ParleyConfig;
import im.parley.dist.RunningParley;
import im.parley.ext.ModulesConfig;
import im.parley.ext.register.RegisterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Starts the server a test class runs against, once per class, and resolves {@link Target} and {@link Accounts}
 * parameters. With {@code -Dparley.target.host=…} the class runs against that external server instead:
 * {@code parley.target.port} (5222), {@code parley.target.domain} (the host), {@code parley.target.direct-tls-port},
 * {@code parley.target.certificate} (a PEM file to trust instead of the JDK's CAs) or {@code parley.target.insecure=true}
 * (trust any certificate and name: loopback test servers only), {@code parley.target.accounts}
 * ({@code user1:pw1,user2:pw2}: existing accounts, used when in-band registration is refused), and the limits the
 * abuse tests need ({@code parley.target.max-stanza-bytes}, {@code parley.target.max-depth}).
 */
public final class ParleyServerExtension implements BeforeAllCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ParleyServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        ServerCustomizer customizer = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), ParleyServer.class)
                .map(ParleyServer::config)
                .orElse(ServerCustomizer.None.class)
                .getDeclaredConstructor()
                .newInstance();
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        TargetHandle handle = System.getProperty("parley.target.host", "").isBlank()
                ? InProcess.start(customizer)
                : new TargetHandle(external(), () -> { });
        store.put(TargetHandle.class, handle);
        store.put(Accounts.class, new Accounts(handle.target(), handle.target().inProcess().isPresent() ? List.of()
                : Accounts.parseExisting(System.getProperty("parley.target.accounts", ""), handle.target().domain())));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        accounts(context).disconnectAll();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Accounts.class || type == Target.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Accounts.class ? accounts(context) : accounts(context).target();
    }

    private static Accounts accounts(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(Accounts.class, Accounts.class);
    }

    /** The target and what to do when the class is done; closed by JUnit with the class's store. */
    private record TargetHandle(Target target, Runnable onClose) implements AutoCloseable {
        @Override
        public void close() {
            onClose.run();
        }
    }

    private static Target external() {
        String host = System.getProperty("parley.target.host");
        String domain = System.getProperty("parley.target.domain", host);
        Optional<Integer> directTls = Optional.ofNullable(System.getProperty("parley.target.direct-tls-port"))
                .filter(s -> !s.isBlank()).map(Integer::parseInt);
        boolean insecure = Boolean.getBoolean("parley.target.insecure");
        var trust = insecure ? TrustedCertificates.anything()
                : Optional.ofNullable(System.getProperty("parley.target.certificate")).filter(s -> !s.isBlank())
                        .map(Path::of).map(TrustedCertificates::exactly).orElseGet(TrustedCertificates::jdkDefaults);
        // A pinned certificate (or none checked at all) makes the name check moot; test servers rarely match 127.0.0.1.
        Optional<javax.net.ssl.HostnameVerifier> names = insecure
                || !System.getProperty("parley.target.certificate", "").isBlank()
                ? Optional.of((hostname, session) -> true) : Optional.empty();
        Target.Limits limits = new Target.Limits(
                Integer.getInteger("parley.target.max-stanza-bytes", 256 * 1024),
                Integer.getInteger("parley.target.max-depth", 64),
                Duration.parse(System.getProperty("parley.target.idle-timeout", "PT60S")));
        return new Target(host, Integer.getInteger("parley.target.port", 5222), directTls, domain, trust, names, limits,
                Optional.empty());
    }

    /** Parley in this JVM: free loopback ports, H2 and the self-signed certificate in a fresh temporary directory. */
    private static final class InProcess {
        static TargetHandle start(ServerCustomizer customizer) throws IOException {
            Path dataDirectory = Files.createTempDirectory("parley-conformance-");
            ParleyConfig config = customizer.customize(suiteDefaults(dataDirectory));
            RunningParley parley;
            try {
                parley = Parley.start(config);
            } catch (RuntimeException e) {
                deleteRecursively(dataDirectory);
                throw e;
            }
            ServerConfig server = config.server();
            String domain = server.domain();
            Path certificate = dataDirectory.resolve("tls").resolve(domain + ".crt");
            LimitsConfig l = server.limits();
            Target target = new Target("127.0.0.1", parley.ports().c2s(),
                    parley.ports().c2sDirectTls() > 0 ? Optional.of(parley.ports().c2sDirectTls()) : Optional.empty(),
                    domain, TrustedCertificates.exactly(server.tls().certificateFile().orElse(certificate)),
                    // The trust manager pins the exact certificate; the name it carries is the domain.
                    Optional.of((hostname, session) -> hostname.equalsIgnoreCase(domain) || hostname.equals("127.0.0.1")),
                    new Target.Limits(l.maxStanzaBytes(), l.maxDepth(), l.idleTimeout()), Optional.of(parley));
            return new TargetHandle(target, () -> {
                try {
                    parley.close();
                } finally {
                    deleteRecursively(dataDirectory);
                    StorageOnEventLoop.assertNoneTaken();
                }
            });
        }

        /**
         * {@link ParleyConfig#onFreePorts} with the per-address throttles of registration and authentication lifted:
         * every test client comes from 127.0.0.1, and the suite registers dozens of accounts.
         */
        static ParleyConfig suiteDefaults(Path dataDirectory) {
            ParleyConfig base = ParleyConfig.onFreePorts(dataDirectory);
            ServerConfig s = base.server();
            AuthConfig a = s.auth();
            ServerConfig server = new ServerConfig(s.domain(), s.dataDirectory(), s.listeners(), s.tls(), s.limits(),
                    new AuthConfig(a.scramIterations(), false, a.freeFailures(), a.failureWindow(), a.maxDelay()),
                    s.binaryEncoding());
            ModulesConfig m = base.modules();
            RegisterConfig r = m.register();
            return new ParleyConfig(server, base.storage(),
                    m.withRegister(new RegisterConfig(r.enabled(), false, r.maxPerWindow(), r.window())));
        }

        private static void deleteRecursively(Path directory) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete the test data directory " + directory, e);
            }
        }
    }

    /** For customizers: the same configuration with other limits. */
    public static ParleyConfig withLimits(ParleyConfig config, LimitsConfig limits) {
        ServerConfig s = config.server();
        return new ParleyConfig(new ServerConfig(s.domain(), s.dataDirectory(), s.listeners(), s.tls(), limits, s.auth(),
                s.binaryEncoding()),
                config.storage(), config.modules());
    }
}
