package im.parley.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link Main} in a child JVM, as {@code bin/parley} runs it: the running JVM's java, the test class path, the
 * shipped conf/logback.xml. Its stdout is read line by line so a test can wait for a line instead of sleeping.
 */
final class ParleyProcess implements AutoCloseable {
    /** Queued when stdout ends, so a waiting test stops waiting for a process that is gone. */
    private static final String END_OF_OUTPUT = new String("[end of output]");

    private final Process process;
    private final BlockingQueue<String> stdoutLines = new LinkedBlockingQueue<>();
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.CountDownLatch outputRead = new java.util.concurrent.CountDownLatch(2);

    private ParleyProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), line -> {
            stdout.add(line);
            stdoutLines.add(line);
        }, () -> {
            stdoutLines.add(END_OF_OUTPUT);
            outputRead.countDown();
        });
        pump(process.getErrorStream(), stderr::add, outputRead::countDown);
    }

    static ParleyProcess start(Path workingDirectory, String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path logback = Path.of("src/main/dist/conf/logback.xml").toAbsolutePath();
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return new ParleyProcess(new ProcessBuilder(command).directory(workingDirectory.toFile()).start());
    }

    /** The first group of the first stdout line matching {@code pattern}, waiting at most {@code timeout} for it. */
    Optional<String> awaitStdout(Pattern pattern, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String line : stdout) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                stdoutLines.clear();
                return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
            }
        }
        while (true) {
            String line = stdoutLines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                return Optional.empty();
            }
            if (line == END_OF_OUTPUT) {
                stdoutLines.add(END_OF_OUTPUT);
                return Optional.empty();
            }
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Optional.of(m.groupCount() > 0 ? m.group(1) : m.group());
            }
        }
    }

    /**
     * SIGTERM, as systemd or {@code kill} sends it. Through the handle: {@link Process#destroy()} also closes our
     * end of the pipes, and we want to read what the server logs while it stops.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** The exit status, once the process has ended and all of its output has been read. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                || !outputRead.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        return Optional.of(process.exitValue());
    }

    String stdout() {
        return String.join("\n", stdout);
    }

    String stderr() {
        return String.join("\n", stderr);
    }

    String transcript() {
        return "--- stdout ---\n" + stdout() + "\n--- stderr ---\n" + stderr();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private static void pump(InputStream in, java.util.function.Consumer<String> sink, Runnable atEnd) {
        // A platform thread: a virtual one blocked in read() can lose the tail of the output when the process ends.
        Thread.ofPlatform().daemon().name("parley-child-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                sink.accept("[reading the child's output failed: " + e + "]");
            } finally {
                atEnd.run();
            }
        });
    }
}
