package im.parley.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scenario's outcome: status ({@code ok}, {@code unsupported}, {@code failed}), its figures and notes. Printed as a
 * table for people, and as {@code RESULT <scenario> <key> <value>} lines that {@code bench/compare.sh} collects.
 */
public record ScenarioReport(String scenario, String status, List<Metric> metrics, List<String> notes) {

    public record Metric(String key, double value, String unit, String description) {}

    public ScenarioReport {
        metrics = List.copyOf(metrics);
        notes = List.copyOf(notes);
    }

    public double value(String key) {
        return metrics.stream().filter(m -> m.key().equals(key)).mapToDouble(Metric::value).findFirst().orElse(Double.NaN);
    }

    public void print(PrintStream out) {
        out.printf(Locale.ROOT, "%n== %s: %s ==%n", scenario, status);
        int width = metrics.stream().mapToInt(m -> m.description().length()).max().orElse(10);
        for (Metric m : metrics) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %14s %s%n", m.description(), format(m.value()), m.unit());
        }
        notes.forEach(n -> out.println("  note: " + n));
        out.printf(Locale.ROOT, "RESULT %s status %s%n", scenario, status);
        for (Metric m : metrics) {
            out.printf(Locale.ROOT, "RESULT %s %s %s%n", scenario, m.key(), format(m.value()));
        }
        out.flush();
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%d", (long) v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Collects figures in the order they are added. */
    public static final class Builder {
        private final String scenario;
        private final List<Metric> metrics = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();

        public Builder(String scenario) {
            this.scenario = scenario;
        }

        public Builder metric(String key, double value, String unit, String description) {
            metrics.add(new Metric(key, value, unit, description));
            return this;
        }

        public Builder note(String note) {
            notes.add(note);
            return this;
        }

        public ScenarioReport build(String status) {
            return new ScenarioReport(scenario, status, metrics, notes);
        }
    }
}
