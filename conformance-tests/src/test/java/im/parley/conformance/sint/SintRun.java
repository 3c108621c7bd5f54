package im.parley.conformance.sint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * SintLauncher in a child JVM (the JDK's single-file source launcher, on SINT's own class path), bounded in time:
 * past its limit the child is killed and the outcome says so.
 */
final class SintRun {
    static final String VERSION = "4.5.0-beta5";

    record Outcome(List<SintResult> results, int exitCode, Optional<String> problem, String stderrTail, Duration elapsed) {}

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final Duration limit;
    private final Instant started = Instant.now();

    private SintRun(Process process, Path stdout, Path stderr, Duration limit) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.limit = limit;
    }

    static SintRun start(List<Path> classPath, Path launcher, List<String> arguments, Duration limit) throws IOException {
        Path directory = Files.createDirectories(Path.of("target", "sint"));
        Path stdout = directory.resolve("sint-stdout.txt");
        Path stderr = directory.resolve("sint-stderr.txt");
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-cp",
                classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                launcher.toString()));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new SintRun(process, stdout, stderr, limit);
    }

    Outcome await() throws IOException, InterruptedException {
        Optional<String> problem = Optional.empty();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            problem = Optional.of("SINT did not finish within " + limit.toMinutes() + " min and was killed");
        }
        int exit = process.isAlive() ? -1 : process.exitValue();
        if (problem.isEmpty() && exit != 0) {
            problem = Optional.of("SINT exited with " + exit);
        }
        SintExplanations explanations = SintExplanations.standard();
        List<SintResult> results = Files.readAllLines(stdout, StandardCharsets.UTF_8).stream()
                .map(line -> SintResult.parse(line, explanations)).flatMap(Optional::stream).toList();
        List<String> errors = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        String tail = String.join(" / ", errors.subList(Math.max(0, errors.size() - 5), errors.size()));
        return new Outcome(results, exit, problem, tail, Duration.between(started, Instant.now()));
    }

    /** The JVM running the tests (the toolchain's JDK >= 21), whose launcher can run a source file. */
    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
