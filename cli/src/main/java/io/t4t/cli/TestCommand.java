package io.t4t.cli;

import io.t4t.core.audit.TestResult;
import io.t4t.core.run.ProjectRunner;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;

@Command(
    name = "test",
    description =
        "Run the data tests of the selected models (and, without --select, of the seeds) on their"
            + " published tables; exit 1 when a test of severity error fails.")
final class TestCommand extends ProjectRun {
  @Override
  public Integer call() {
    try (ProjectRunner runner = ProjectRunner.openReadOnly(targetOption.load(project))) {
      return print(runner.test(options()), spec.commandLine().getOut());
    }
  }

  /** Prints one line per test and a summary; the exit code for the results. */
  static int print(List<TestResult> results, PrintWriter out) {
    long failed = results.stream().filter(TestResult::blocks).count();
    long warned = results.stream().filter(r -> !r.passed() && !r.blocks()).count();
    for (TestResult r : results) {
      out.println(r.line());
    }
    out.println(
        "Tests: "
            + (results.size() - failed - warned)
            + " passed, "
            + warned
            + " warned, "
            + failed
            + " failed");
    out.flush();
    return failed == 0 ? T4tCommand.OK : T4tCommand.MODEL_FAILED;
  }
}
