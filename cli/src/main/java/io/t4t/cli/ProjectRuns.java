package io.t4t.cli;

import io.t4t.core.execute.RunOutcome;
import io.t4t.core.project.Project;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.run.ProjectRunner;
import io.t4t.runtime.ServeFile;
import java.io.PrintWriter;

/** Opening a project's warehouse for a run, and reporting the run's summary. */
final class ProjectRuns {
  private ProjectRuns() {}

  /**
   * Opens the warehouse to run the project; when another process holds it and that is a running
   * {@code t4t serve} of this project, the error says where to send the run instead.
   */
  static ProjectRunner openForRun(Project p) {
    try {
      return ProjectRunner.open(p);
    } catch (io.t4t.core.error.UnavailableException e) {
      ServeFile serve = runningServe(p);
      if (serve != null) {
        throw new io.t4t.core.error.UnavailableException(
            e.getMessage()
                + ". t4t serve (process "
                + serve.pid()
                + ") runs this project: send the run to it, curl -X POST"
                + " http://127.0.0.1:"
                + serve.port()
                + "/runs, or stop it first",
            e);
      }
      throw e;
    }
  }

  /**
   * The {@code t4t serve} holding this project's DuckDB file, if its serve file names a live
   * process (a serve killed with -9 leaves the file behind); null otherwise, or when the file
   * cannot be read (the original error is what to report then).
   */
  private static ServeFile runningServe(Project p) {
    if (!io.t4t.core.run.Engine.heldByOneProcess(p)
        || !java.nio.file.Files.exists(ServeFile.location(p.root()))) {
      return null;
    }
    try {
      ServeFile serve = ServeFile.read(p.root());
      return ProcessHandle.of(serve.pid()).map(ProcessHandle::isAlive).orElse(false) ? serve : null;
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  static int report(RunSummary summary, PrintWriter err) {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("ExecutionEngine");
    log.info(summary.line());
    for (RunOutcome o : summary.outcomes()) {
      if (o.status() == RunOutcome.Status.FAILED) {
        log.severe(o.model() + " failed [" + o.errorCode() + "]: " + o.message());
      }
    }
    return summary.ok() ? T4tCommand.OK : T4tCommand.MODEL_FAILED;
  }
}
