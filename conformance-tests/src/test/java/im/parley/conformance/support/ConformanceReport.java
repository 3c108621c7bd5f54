package im.parley.conformance.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The human summary of a run (issue 7): a row per specification package with passed / failed / skipped, then each
 * failure with its spec reference and reason in words. Written to {@code parley.conformance.report} (default
 * {@code target/conformance-report.md}) and printed at the end. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}; JUnit XML comes from Surefire.
 */
public final class ConformanceReport implements TestExecutionListener {
    private static final String ROOT = "im.parley.conformance.";

    private record Counts(int passed, int failed, int skipped) {
        Counts plus(Counts o) {
            return new Counts(passed + o.passed, failed + o.failed, skipped + o.skipped);
        }
    }

    private record Problem(String spec, String test, String outcome, String reason) {}

    private final Map<String, Counts> bySpec = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();

    @Override
    public synchronized void executionSkipped(TestIdentifier test, String reason) {
        method(test).ifPresent(m -> {
            bySpec.merge(spec(m), new Counts(0, 0, 1), Counts::plus);
            problems.add(new Problem(spec(m), name(m), "skipped", reason));
        });
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        Optional<MethodSource> method = method(test);
        if (method.isEmpty()) {
            // A class that failed as a whole (e.g. its server did not start) counts as one failure of its spec.
            if (result.getStatus() == TestExecutionResult.Status.FAILED && test.isContainer()
                    && test.getSource().filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource).isPresent()) {
                var source = (org.junit.platform.engine.support.descriptor.ClassSource) test.getSource().orElseThrow();
                String spec = specOf(source.getClassName());
                bySpec.merge(spec, new Counts(0, 1, 0), Counts::plus);
                problems.add(new Problem(spec, test.getDisplayName(), "failed", reason(result)));
            }
            return;
        }
        MethodSource m = method.get();
        switch (result.getStatus()) {
            case SUCCESSFUL -> bySpec.merge(spec(m), new Counts(1, 0, 0), Counts::plus);
            case ABORTED -> {
                bySpec.merge(spec(m), new Counts(0, 0, 1), Counts::plus);
                problems.add(new Problem(spec(m), name(m), "skipped", reason(result)));
            }
            case FAILED -> {
                bySpec.merge(spec(m), new Counts(0, 1, 0), Counts::plus);
                problems.add(new Problem(spec(m), name(m), "failed", specReference(m) + reason(result)));
            }
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (bySpec.isEmpty()) {
            return;
        }
        String markdown = markdown();
        Path file = Path.of(System.getProperty("parley.conformance.report", "target/conformance-report.md"));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance report " + file, e);
        }
        System.out.println();
        System.out.println(markdown);
        System.out.println("(written to " + file.toAbsolutePath() + ")");
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Conformance report\n\nTarget: ")
                .append(System.getProperty("parley.target.host", "").isBlank()
                        ? "Parley in-process" : System.getProperty("parley.target.host"))
                .append("\n\n| specification | passed | failed | skipped |\n| --- | ---: | ---: | ---: |\n");
        Counts total = new Counts(0, 0, 0);
        for (var row : bySpec.entrySet()) {
            Counts c = row.getValue();
            md.append("| ").append(row.getKey()).append(" | ").append(c.passed).append(" | ").append(c.failed)
                    .append(" | ").append(c.skipped).append(" |\n");
            total = total.plus(c);
        }
        md.append("| **total** | ").append(total.passed).append(" | ").append(total.failed).append(" | ")
                .append(total.skipped).append(" |\n");
        if (!problems.isEmpty()) {
            md.append("\n## Failures and skips\n\n");
            for (Problem p : problems) {
                md.append("- **").append(p.spec).append("** `").append(p.test).append("` ").append(p.outcome)
                        .append(": ").append(p.reason).append('\n');
            }
        }
        return md.toString();
    }

    private static Optional<MethodSource> method(TestIdentifier test) {
        return test.isTest() ? test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                : Optional.empty();
    }

    /** {@code im.parley.conformance.rfc6120.SaslTest} → {@code RFC 6120}; {@code xep0199} → {@code XEP-0199}. */
    static String specOf(String className) {
        String rest = className.startsWith(ROOT) ? className.substring(ROOT.length()) : className;
        String pkg = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        if (pkg.matches("rfc\\d+")) {
            return "RFC " + pkg.substring(3);
        }
        if (pkg.matches("xep\\d{4}")) {
            return "XEP-" + pkg.substring(3);
        }
        return pkg;
    }

    private static String spec(MethodSource m) {
        return specOf(m.getClassName());
    }

    private static String name(MethodSource m) {
        String cls = m.getClassName();
        return cls.substring(cls.lastIndexOf('.') + 1) + "." + m.getMethodName();
    }

    private static String specReference(MethodSource m) {
        try {
            Spec spec = m.getJavaMethod().getAnnotation(Spec.class);
            return spec == null ? "" : "(" + spec.document() + " §" + spec.section() + ": \"" + spec.quote() + "\") ";
        } catch (RuntimeException e) {
            return ""; // the method cannot be loaded here; the name alone still identifies the test
        }
    }

    /** The first line of the failure, as a sentence a tester can read; no stack trace. */
    private static String reason(TestExecutionResult result) {
        return result.getThrowable().map(t -> {
            String message = Optional.ofNullable(t.getMessage()).orElse(t.getClass().getSimpleName());
            String first = message.strip().lines().findFirst().orElse("").replace('|', '/');
            Throwable cause = t.getCause();
            if (cause != null && cause.getMessage() != null) {
                first += " (cause: " + cause.getMessage().strip().lines().findFirst().orElse("") + ")";
            }
            return first.length() > 300 ? first.substring(0, 300) + "…" : first;
        }).orElse("no reason given");
    }
}
