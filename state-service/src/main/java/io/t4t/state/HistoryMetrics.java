package io.t4t.state;

import io.micrometer.core.instrument.MeterRegistry;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.TestOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * What the run history recorded, per model, in Prometheus format: {@code t4t_state_rows_total} by
 * change (inserted, updated, deleted, where the run counted them), {@code t4t_state_tests_total} by
 * test and outcome (passed, warned) and {@code t4t_state_audit_failures_total} (blocking audit
 * failures: {@code model_failed} with AUDIT_FAILED, whose message names the test). Counted once per
 * event id, after the event's history row is committed, so a redelivered event or a redelivered run
 * ({@code already_applied}) counts nothing twice; the executor's {@code t4t_rows_total} and {@code
 * t4t_audits_total} count what each executor did, these what the state-service recorded. Counters
 * start at zero when the service starts.
 */
@ApplicationScoped
public class HistoryMetrics {
  @Inject MeterRegistry registry;

  /** Counts one event the run history has just recorded. */
  public void record(Envelope e) {
    if (e.payload() instanceof ModelCompleted c && !c.alreadyApplied()) {
      rows(c.model(), "inserted", c.rowsInserted());
      rows(c.model(), "updated", c.rowsUpdated());
      rows(c.model(), "deleted", c.rowsDeleted());
      for (TestOutcome t : c.tests()) {
        // a failing test in a completion has severity warn (an error one would have blocked)
        String outcome = t.passed() ? "passed" : "warn".equals(t.severity()) ? "warned" : "failed";
        registry
            .counter("t4t.state.tests", "model", c.model(), "test", t.test(), "outcome", outcome)
            .increment();
      }
    } else if (e.payload() instanceof ModelFailed f && f.errorCode() == ErrorCode.AUDIT_FAILED) {
      registry.counter("t4t.state.audit.failures", "model", f.model()).increment();
    }
  }

  private void rows(String model, String change, Long count) {
    if (count != null) {
      registry.counter("t4t.state.rows", "model", model, "change", change).increment(count);
    }
  }
}
