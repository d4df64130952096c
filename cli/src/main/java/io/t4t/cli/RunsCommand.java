package io.t4t.cli;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.Ledger;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunFailure;
import io.t4t.core.execute.RunFailures;
import io.t4t.core.execute.RunHistory;
import io.t4t.core.project.Project;
import io.t4t.core.run.ProjectRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code t4t runs}: the run history, newest first. The ledger records applied runs (and resets); a
 * failed run rolled back and left no row there (decision 0012), so its attempt is read from {@code
 * _t4t.run_failures} (decision 0014) and merged in by time.
 */
@Command(
    name = "runs",
    description =
        "List the runs of all models, or of one: the applied ones from the run ledger, the failed"
            + " and skipped ones from _t4t.run_failures.")
final class RunsCommand implements Callable<Integer> {
  private static final String[] HEADER = {
    "applied_at",
    "model",
    "kind",
    "window",
    "inserted",
    "updated",
    "deleted",
    "ms",
    "outcome",
    "error"
  };

  @Parameters(index = "0", paramLabel = "PROJECT", description = "The project folder.")
  Path project;

  @Parameters(index = "1", arity = "0..1", paramLabel = "MODEL")
  String model;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "At most this many runs (default: ${DEFAULT-VALUE}).")
  int limit;

  @CommandLine.Mixin TargetOption targetOption = new TargetOption();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (limit < 1) {
      throw new InvalidInputException(
          "Invalid --limit " + limit + ": give the number of runs to list, 1 or more");
    }
    Project p = targetOption.load(project);
    String name = model == null ? null : p.resolveModel(model).toString();
    PrintWriter out = spec.commandLine().getOut();
    try (ProjectRunner runner = ProjectRunner.openReadOnly(p)) {
      Ledger ledger = new Ledger(runner.warehouse());
      RunFailures failures = new RunFailures(runner.warehouse());
      List<String[]> runs =
          merged(
              ledger.exists() ? ledger.history(name, limit) : List.of(),
              failures.exists() ? failures.history(name, limit) : List.of(),
              limit);
      List<String[]> rows = new ArrayList<>();
      rows.add(HEADER);
      rows.addAll(runs);
      for (String line : table(rows)) {
        out.println(line);
      }
      if (runs.isEmpty()) {
        out.println("(no runs recorded" + (name == null ? "" : " for " + name) + ")");
      }
      out.flush();
      return T4tCommand.OK;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read the run history: " + e.getMessage(), e);
    }
  }

  /**
   * The rows of both histories, newest first, at most {@code limit}: the ledger's in its own order
   * (by sequence), each failure placed before the first entry that is older than it.
   */
  static List<String[]> merged(List<LedgerEntry> applied, List<RunFailure> failed, int limit) {
    return RunHistory.<String[]>merged(applied, failed, limit, RunsCommand::row, RunsCommand::row);
  }

  /** The rows as aligned lines: text columns left-aligned, counts right-aligned. */
  static List<String> table(List<String[]> rows) {
    int[] width = new int[HEADER.length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        boolean number = i >= 4 && i <= 7;
        String cell = i == r.length - 1 ? r[i] : pad(r[i], width[i], number);
        line.append(i == 0 ? "" : "  ").append(cell);
      }
      // an applied run has no error: its line ends with its outcome
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String pad(String text, int width, boolean right) {
    String fill = " ".repeat(width - text.length());
    return right ? fill + text : text + fill;
  }

  /** One row of the table. */
  static String[] row(LedgerEntry e) {
    LedgerEntry.RunDetail d = e.detail();
    return new String[] {
      String.valueOf(e.appliedAt()),
      e.model(),
      d.runKind() == null ? (LedgerEntry.RESET.equals(e.kind()) ? "reset" : "-") : d.runKind(),
      window(d),
      text(d.inserted()),
      text(d.updated()),
      text(d.deleted()),
      text(d.durationMillis()),
      e.kind(),
      ""
    };
  }

  /** One row of the table for a failed or skipped run: nothing was written, so no counts. */
  static String[] row(RunFailure f) {
    LedgerEntry.RunDetail d =
        new LedgerEntry.RunDetail(
            f.runKind(), f.windowStart(), f.windowEnd(), null, null, null, f.durationMillis());
    return new String[] {
      String.valueOf(f.failedAt()),
      f.model(),
      d.runKind() == null ? "-" : d.runKind(),
      window(d),
      "-",
      "-",
      "-",
      text(d.durationMillis()),
      f.outcome(),
      f.errorCode() + ": " + f.error()
    };
  }

  /** A short description for a backfill's own report: kind, window and counts. */
  static String describe(LedgerEntry e) {
    LedgerEntry.RunDetail d = e.detail();
    return d.runKind()
        + (d.windowStart() == null && d.windowEnd() == null ? "" : " " + window(d))
        + ", inserted "
        + text(d.inserted())
        + ", updated "
        + text(d.updated())
        + ", deleted "
        + text(d.deleted());
  }

  private static String window(LedgerEntry.RunDetail d) {
    if (d.windowStart() == null && d.windowEnd() == null) {
      return "-";
    }
    String start = d.windowStart() == null ? "" : d.windowStart();
    String end = d.windowEnd() == null ? "" : d.windowEnd();
    // a backfill's window is [start, end); an incremental load's is (previous, new watermark]
    return LedgerEntry.RunDetail.BACKFILL.equals(d.runKind())
        ? "[" + start + ", " + end + ")"
        : "(" + start + ", " + end + "]";
  }

  private static String text(Long n) {
    return n == null ? "-" : n.toString();
  }
}
