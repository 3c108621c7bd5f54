package im.parley.conformance.sint;

import static org.assertj.core.api.Assertions.assertThat;

import im.parley.conformance.support.ConformanceReport;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Target;
import im.parley.dist.RunningParley;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * Runs SINT 4.5.0-beta5 against the target in a child JVM (its Smack 4.5 cannot share our class path) and turns each of
 * its results into a dynamic test: passed stays passed; "not possible" (the server does not advertise the feature) is
 * skipped; a failure fails, unless {@link SintExplanations} explains it as an assumption the RFCs leave open, in which
 * case it is skipped with that explanation. SINT's raw counts go into the report's notes.
 */
@ParleyServer
class SintTest {
    /** The whole SINT run; it must end well inside the suite's time budget (issue 7: under five minutes). */
    static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    private final Target target;

    SintTest(Target target) {
        this.target = target;
    }

    @TestFactory
    @Timeout(value = 330) // RUN_LIMIT plus the JVM start; the child is killed at RUN_LIMIT
    Stream<DynamicTest> smackIntegrationTestFramework(TestReporter reporter) throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("parley.sint.skip"), "SINT disabled with -Dparley.sint.skip=true");
        SintRun run = SintRun.start(classPath(), Path.of(System.getProperty("parley.sint.launcher",
                "src/sint/java/SintLauncher.java")), launcherArguments(), RUN_LIMIT);
        SintRun.Outcome outcome = run.await();
        List<SintResult> results = outcome.results();
        reporter.publishEntry(ConformanceReport.NOTE, summary(results, outcome));
        if (results.isEmpty()) {
            // A crashed or hung run is one failed row with its reason, never a hung build.
            return Stream.of(DynamicTest.dynamicTest("SINT run", () -> {
                throw new AssertionError("SINT produced no results: " + outcome.problem().orElse("exit code "
                        + outcome.exitCode()) + "; last output: " + outcome.stderrTail());
            }));
        }
        return results.stream().map(r -> DynamicTest.dynamicTest(r.test(), () -> r.assertOutcome()));
    }

    private List<String> launcherArguments() throws IOException {
        List<String> args = new ArrayList<>(List.of(target.host(), Integer.toString(target.c2sPort()), target.domain(),
                trust(), "5000"));
        return args;
    }

    /** What the child should trust: the in-process server's own certificate, the tester's, or (on request) anything. */
    private String trust() {
        if (target.inProcess().isPresent()) {
            RunningParley parley = target.inProcess().get();
            var server = parley.config().server();
            return server.tls().certificateFile()
                    .orElse(server.dataDirectory().resolve("tls").resolve(server.domain() + ".crt")).toString();
        }
        if (Boolean.getBoolean("parley.target.insecure")) {
            return "insecure";
        }
        String certificate = System.getProperty("parley.target.certificate", "");
        return certificate.isBlank() ? "default" : certificate;
    }

    /** SINT's class path as antrun resolved it, without antrun's own jars. */
    private static List<Path> classPath() throws IOException {
        Path file = Path.of(System.getProperty("parley.sint.classpath", "target/sint/classpath.txt"));
        assertThat(file).as("SINT's class path, written by the antrun execution 'sint-classpath'").exists();
        return Arrays.stream(Files.readString(file).strip().split(java.io.File.pathSeparator))
                .filter(entry -> !entry.contains("maven-antrun-plugin") && !entry.contains("/org/apache/ant/")
                        && !entry.contains("plexus-utils"))
                .map(Path::of)
                .toList();
    }

    private static String summary(List<SintResult> results, SintRun.Outcome outcome) {
        Map<SintResult.Kind, Long> counts = results.stream()
                .collect(Collectors.groupingBy(SintResult::kind, Collectors.counting()));
        long explained = results.stream().filter(r -> r.explanation().isPresent()).count();
        StringBuilder note = new StringBuilder("**SINT " + SintRun.VERSION + "** (raw counts, in "
                + outcome.elapsed().toSeconds() + " s): " + counts.getOrDefault(SintResult.Kind.PASSED, 0L) + " passed, "
                + counts.getOrDefault(SintResult.Kind.FAILED, 0L) + " failed (" + explained
                + " of them explained below and reported as skipped), "
                + counts.getOrDefault(SintResult.Kind.IMPOSSIBLE, 0L)
                + " not possible (the target does not advertise what the test needs).");
        outcome.problem().ifPresent(p -> note.append(" Run problem: ").append(p).append('.'));
        results.stream().filter(r -> r.explanation().isPresent()).forEach(r -> note.append("\n- `").append(r.test())
                .append("` failed, explained: ").append(r.explanation().get()));
        return note.toString();
    }
}
