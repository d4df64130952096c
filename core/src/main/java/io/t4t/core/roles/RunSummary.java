package io.t4t.core.roles;

import io.t4t.core.execute.RunOutcome;
import java.util.List;

/** The outcome of every model a run touched, in run order. */
public record RunSummary(String runId, List<RunOutcome> outcomes) {
  public RunSummary {
    outcomes = List.copyOf(outcomes);
  }

  public long count(RunOutcome.Status status) {
    return outcomes.stream().filter(o -> o.status() == status).count();
  }

  public boolean ok() {
    return outcomes.stream().allMatch(o -> o.ok());
  }

  /** {@code Completed: 3 succeeded, 1 failed, 2 skipped}. */
  public String line() {
    return "Completed: "
        + (count(RunOutcome.Status.SUCCEEDED) + count(RunOutcome.Status.ALREADY_APPLIED))
        + " succeeded, "
        + count(RunOutcome.Status.FAILED)
        + " failed, "
        + count(RunOutcome.Status.SKIPPED)
        + " skipped";
  }
}
