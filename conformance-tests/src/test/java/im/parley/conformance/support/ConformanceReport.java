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
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * The human summary of a run (issue 7): a row per specification package with passed / failed / skipped, then each
 * failure with its spec reference and reason in words. Written to {@code parley.conformance.report} (default
 * {@code target/conformance-report.md}) and printed at the end. Dynamic tests (a {@code @TestFactory}'s, e.g. one per
 * SINT result) count under their factory's specification. Tests add paragraphs under "Notes" by publishing a report
 * entry with the key {@link #NOTE} ({@code TestReporter.publishEntry}). Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}; JUnit XML comes from Surefire.
 */
public final class ConformanceReport implements TestExecutionListener {
    private static final String ROOT = "im.parley.conformance.";
    /** The report-entry key whose value the report prints under "Notes". */
    public static final String NOTE = "conformance-note";

    private record Counts(int passed, int failed, int skipped) {
        Counts plus(Counts o) {
            return new Counts(passed + o.passed, failed + o.failed, skipped + o.skipped);
        }
    }

    private record Problem(String spec, String test, String outcome, String reason) {}

    private final Map<String, Counts> bySpec = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private TestPlan plan;

    @Override
    public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
    }

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        entry.getKeyValuePairs().entrySet().stream().filter(e -> e.getKey().equals(NOTE))
                .forEach(e -> notes.add(e.getValue()));
    }

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
        if (method.isEmpty() && test.isContainer() && !bySpec.isEmpty()
                && test.getSource().filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource).isPresent()) {
            write(); // progress for readers of the report during the run; counted below as before
        }
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
        String markdown = write();
        System.out.println();
        System.out.println(markdown);
        System.out.println("(written to " + reportFile().toAbsolutePath() + ")");
    }

    private static Path reportFile() {
        return Path.of(System.getProperty("parley.conformance.report", "target/conformance-report.md"));
    }

    /** Writes the report as it stands; also after each class, so a later class (XEP-0479's table) can read it. */
    private String write() {
        String markdown = markdown();
        Path file = reportFile();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the conformance report " + file, e);
        }
        return markdown;
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Conformance report\n\nTarget: ")
                .append(System.getProperty("parley.target.host", "").isBlank()
                        ? "Parley in-process"
                        : System.getProperty("parley.target.domain", System.getProperty("parley.target.host")) + " at "
                                + System.getProperty("parley.target.host") + ":"
                                + System.getProperty("parley.target.port", "5222"))
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
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n");
            notes.forEach(note -> md.append('\n').append(note.strip()).append('\n'));
        }
        return md.toString();
    }

    private Optional<MethodSource> method(TestIdentifier test) {
        if (!test.isTest()) {
            return Optional.empty();
        }
        Optional<MethodSource> own = test.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
        if (own.isPresent() && test.getUniqueIdObject().getLastSegment().getType().equals("dynamic-test")) {
            // JUnit gives a dynamic test its factory's source; the display name tells the results apart.
            return Optional.of(MethodSource.from(own.get().getClassName(), test.getDisplayName()));
        }
        if (own.isPresent() || plan == null) {
            return own;
        }
        // A dynamic test without a source of its own: it belongs to the nearest @TestFactory method above it, and is
        // named by its display name.
        Optional<TestIdentifier> parent = plan.getParent(test);
        while (parent.isPresent()) {
            Optional<MethodSource> factory = parent.get().getSource().filter(MethodSource.class::isInstance)
                    .map(MethodSource.class::cast);
            if (factory.isPresent()) {
                return Optional.of(MethodSource.from(factory.get().getClassName(), test.getDisplayName()));
            }
            parent = plan.getParent(parent.get());
        }
        return Optional.empty();
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
        return switch (pkg) {
            case "sint" -> "SINT (Smack Integration Test Framework)";
            case "interop" -> "Interop (slixmpp)";
            case "binary" -> "Parley binary encoding (urn:parley:binary:1)";
            default -> pkg;
        };
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
