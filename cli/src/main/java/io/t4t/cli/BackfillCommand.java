package io.t4t.cli;

import io.t4t.core.execute.RunOutcome;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.run.Backfill;
import io.t4t.core.run.ProjectRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code t4t backfill}: reload a window of an incremental model and refresh what reads it. */
@Command(
    name = "backfill",
    description =
        "Reload the rows of an incremental model whose time column is >= --start and < --end,"
            + " then refresh the models downstream of it.")
final class BackfillCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROJECT", description = "The project folder.")
  Path project;

  @Parameters(index = "1", paramLabel = "MODEL", description = "The incremental model.")
  String model;

  @Option(
      names = "--start",
      required = true,
      description = "First value of the window (inclusive), e.g. 2024-01-01.")
  String start;

  @Option(
      names = "--end",
      required = true,
      description = "Value the window stops before (exclusive), e.g. 2024-01-08.")
  String end;

  @Option(names = "--vars", description = "Variables as a JSON object, for models that use them.")
  String vars;

  @CommandLine.Mixin TargetOption targetOption = new TargetOption();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Backfill.Request request = new Backfill.Request(model, start, end, Selection.parseVars(vars));
    try (ProjectRunner runner = ProjectRuns.openForRun(targetOption.load(project))) {
      RunSummary summary = Backfill.run(runner.session(), request);
      PrintWriter out = spec.commandLine().getOut();
      for (RunOutcome o : summary.outcomes()) {
        out.println(
            o.model()
                + ": "
                + o.status().name().toLowerCase(java.util.Locale.ROOT)
                + (o.entry() == null ? "" : " (" + RunsCommand.describe(o.entry()) + ")"));
      }
      out.flush();
      return ProjectRuns.report(summary, spec.commandLine().getErr());
    }
  }
}
