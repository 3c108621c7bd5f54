package im.parley.storage.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL cluster: initdb into a temporary directory, a free port on loopback, trust
 * authentication for the superuser {@value #USER}. Nothing is installed: the binaries come from Debian's
 * {@code postgresql} package ({@code /usr/lib/postgresql/<version>/bin}) or from {@code PARLEY_PG_BIN}.
 * initdb refuses to run as root, so as root every command runs as the {@code postgres} user (or
 * {@code PARLEY_PG_OS_USER}) through {@code runuser}, with the directory owned by that user.
 */
public final class PostgresCluster implements AutoCloseable {
    public static final String USER = "parley";
    private static final long COMMAND_TIMEOUT_SECONDS = 120;

    private final Path bin;
    private final Path base;
    private final Path data;
    private final Optional<String> osUser;
    private final int port;
    private boolean running;

    private PostgresCluster(Path bin, Path base, Optional<String> osUser, int port) {
        this.bin = bin;
        this.base = base;
        this.data = base.resolve("data");
        this.osUser = osUser;
        this.port = port;
    }

    /**
     * Starts a cluster for a test class. Without PostgreSQL binaries the calling tests are skipped with a
     * message, unless the environment says {@code CI=true}: there they must run, so this fails.
     */
    public static PostgresCluster startOrSkip() {
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            String message = "PostgreSQL binaries not found (looked in $PARLEY_PG_BIN and /usr/lib/postgresql/*/bin):"
                    + " PostgreSQL tests skipped. Install Debian's postgresql package to run them.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + " CI=true, so this is a failure.");
            }
            Assumptions.abort(message);
        }
        return start(bin.get());
    }

    /** The newest {@code bin} directory holding initdb and pg_ctl, if any. */
    public static Optional<Path> binaries() {
        String override = System.getenv("PARLEY_PG_BIN");
        if (override != null && !override.isBlank()) {
            return Optional.of(Path.of(override)).filter(PostgresCluster::hasBinaries);
        }
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(PostgresCluster::hasBinaries)
                    .max(Comparator.comparingInt(PostgresCluster::majorVersion));
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
    }

    public static PostgresCluster start(Path bin) {
        try {
            Optional<String> osUser = isRoot()
                    ? Optional.of(Optional.ofNullable(System.getenv("PARLEY_PG_OS_USER")).orElse("postgres"))
                    : Optional.empty();
            Path base = Files.createTempDirectory("parley-pg-");
            if (osUser.isPresent()) {
                UserPrincipal owner = base.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName(osUser.get());
                Files.setOwner(base, owner);
            }
            IOException lastFailure = null;
            for (int attempt = 0; attempt < 3; attempt++) { // a free port may be taken before postgres binds it
                PostgresCluster cluster = new PostgresCluster(bin, base, osUser, freePort());
                if (attempt == 0) {
                    cluster.initdb();
                }
                try {
                    cluster.startServer();
                    cluster.registerShutdownHook();
                    return cluster;
                } catch (IOException e) {
                    lastFailure = e;
                }
            }
            throw lastFailure;
        } catch (IOException e) {
            throw new UncheckedIOException("starting a PostgreSQL cluster with " + bin + " failed", e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a fresh database and returns its JDBC URL. */
    public String createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
            return jdbcUrl(name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + name + " failed: " + e.getMessage(), e);
        }
    }

    /** Stops the server, keeping its data: for tests of what happens while the database is away. */
    public synchronized void stopServer() throws IOException {
        if (running) {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
            running = false;
        }
    }

    /** Starts the server on its port; returns once it accepts connections. */
    public synchronized void startServer() throws IOException {
        String options = "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + base
                + " -c max_connections=300";
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", base.resolve("server.log").toString(),
                "-o", options, "-w", "-t", "60", "start"));
        running = true;
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (IOException e) {
            throw new UncheckedIOException("stopping the PostgreSQL cluster in " + base + " failed", e);
        } finally {
            deleteTree(base);
        }
    }

    private void initdb() throws IOException {
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "-E", "UTF8", "--no-locale", "--no-sync"));
    }

    private void registerShutdownHook() {
        // If the test JVM ends without close() (a crash, an interrupted build), do not leave a postgres behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (this) {
                if (running) {
                    try {
                        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate",
                                "-w", "stop"));
                    } catch (IOException e) {
                        System.err.println("PostgresCluster: stopping " + data + " at exit failed: " + e);
                    }
                }
            }
        }, "postgres-cluster-stop"));
    }

    private void run(List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        osUser.ifPresent(user -> full.addAll(List.of("runuser", "-u", user, "--")));
        full.addAll(command);
        Path output = Files.createTempFile("parley-pg-cmd-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(Map.of("LC_ALL", "C", "LANG", "C"));
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " exited with " + process.exitValue() + ":\n"
                        + Files.readString(output) + serverLogTail());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + full, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLogTail() {
        Path log = base.resolve("server.log");
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> lines = Files.readAllLines(log);
            return "\nserver.log:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "\n(server.log unreadable: " + e.getMessage() + ")";
        }
    }

    private static boolean hasBinaries(Path bin) {
        return Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl"));
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + root, e);
        }
    }
}
