package io.t4t.core.roles;

import io.t4t.core.audit.TestResult;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.coordinate.Status;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.project.ModelName;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A finished run's summary, from its view and the outcome events seen for it. */
public final class RunSummaries {
  private RunSummaries() {}

  /**
   * @param outcomes the last {@code model_completed} or {@code model_failed} of each model seen
   *     (for rows and durations; the view alone says how each model ended)
   */
  public static RunSummary of(RunView view, ModelGraph graph, Map<String, Envelope> outcomes) {
    List<RunOutcome> out = new ArrayList<>();
    for (ModelName m : graph.order()) {
      Status status = view.models().get(m.toString());
      if (status == null) {
        continue;
      }
      Envelope e = outcomes.get(m.toString());
      if (status == Status.SUCCEEDED) {
        ModelCompleted c = e != null && e.payload() instanceof ModelCompleted x ? x : null;
        out.add(
            new RunOutcome(
                m,
                RunOutcome.Status.SUCCEEDED,
                c == null ? 0 : c.rows(),
                null,
                c == null ? 0 : c.durationMillis(),
                null,
                null,
                c == null ? List.of() : c.tests().stream().map(t -> TestResult.of(m, t)).toList()));
      } else if (status == Status.SKIPPED) {
        out.add(RunOutcome.skipped(m, view.messages().get(m.toString())));
      } else {
        ModelFailed f = e != null && e.payload() instanceof ModelFailed x ? x : null;
        // the failure as the executor wrote it (a blocking audit's with its failing rows, which
        // the run's progress leaves out), for the user who ran it
        String message =
            f != null && f.message() != null
                ? f.message()
                : view.messages()
                    .getOrDefault(
                        m.toString(), m + " did not finish (" + status + " when the run ended)");
        out.add(
            RunOutcome.failed(
                m,
                view.errors().getOrDefault(m.toString(), ErrorCode.INTERNAL),
                message,
                f == null ? 0 : f.durationMillis()));
      }
    }
    return new RunSummary(view.runId(), out);
  }
}
