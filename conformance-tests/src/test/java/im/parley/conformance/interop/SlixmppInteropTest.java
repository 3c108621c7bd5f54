package im.parley.conformance.interop;

import im.parley.conformance.support.ConformanceReport;
import im.parley.conformance.support.ParleyServer;
import im.parley.conformance.support.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.Timeout;

/**
 * Runs src/interop/slixmpp_interop.py with Debian's /usr/bin/python3 (the one python3-slixmpp installs into) against
 * the target, bounded in time, and turns each step it reports into a dynamic test: PASS passes, SKIP is skipped (e.g.
 * the target has no roster), FAIL fails with the script's words. A script that hangs is killed and fails as a whole.
 */
@ParleyServer
class SlixmppInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long LIMIT_SECONDS = 150;

    private final Target target;

    SlixmppInteropTest(Target target) {
        this.target = target;
    }

    @TestFactory
    @Timeout(180)
    Stream<DynamicTest> slixmppInterop_rfc6120_rfc6121_xep0160_xep0199(TestReporter reporter) throws Exception {
        Assumptions.assumeTrue(slixmppInstalled(), "Debian's python3-slixmpp is not installed (.ci/run installs it)");
        Path script = Path.of(System.getProperty("parley.interop.slixmpp", "src/interop/slixmpp_interop.py"));
        Path output = Files.createDirectories(Path.of("target", "interop")).resolve("slixmpp-" + target.c2sPort() + ".txt");
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), target.host(),
                Integer.toString(target.c2sPort()), target.domain()));
        String accounts = System.getProperty("parley.target.accounts", "");
        if (target.inProcess().isEmpty() && !accounts.isBlank()) {
            command.addAll(List.of("--accounts", accounts));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        boolean finished = process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        List<DynamicTest> steps = new ArrayList<>();
        StringBuilder note = new StringBuilder("**slixmpp " + "interop** (" + PYTHON + ", script " + script.getFileName()
                + "):");
        for (String line : lines) {
            String[] f = line.split("\t", 4);
            if (f.length < 3 || !f[0].equals("RESULT")) {
                continue;
            }
            String step = f[1];
            String outcome = f[2];
            String detail = f.length > 3 ? f[3] : "";
            note.append(' ').append(step).append(' ').append(outcome).append(';');
            steps.add(DynamicTest.dynamicTest(step, () -> {
                switch (outcome) {
                    case "PASS" -> { }
                    case "SKIP" -> Assumptions.abort("slixmpp: " + detail);
                    default -> throw new AssertionError("slixmpp " + step + ": " + detail);
                }
            }));
        }
        reporter.publishEntry(ConformanceReport.NOTE, note.toString());
        if (!finished || steps.isEmpty()) {
            String tail = String.join(" / ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
            steps.add(DynamicTest.dynamicTest("slixmpp run", () -> {
                throw new AssertionError((finished ? "the script reported nothing, exit " + process.exitValue()
                        : "the script did not finish within " + LIMIT_SECONDS + " s and was killed") + "; output: " + tail);
            }));
        }
        return steps.stream();
    }

    private static boolean slixmppInstalled() throws IOException, InterruptedException {
        if (!Files.isExecutable(PYTHON)) {
            return false;
        }
        Process probe = new ProcessBuilder(PYTHON.toString(), "-c", "import slixmpp").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }
}
