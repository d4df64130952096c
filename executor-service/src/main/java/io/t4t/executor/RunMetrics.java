package io.t4t.executor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
import io.t4t.events.Envelope;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelFannedOut;
import io.t4t.events.ModelStarted;
import io.t4t.events.TestOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;

/**
 * Counts what this executor did, per model, from the events it publishes (Prometheus format at
 * {@code /q/metrics}): {@code t4t_model_runs_started_total}, {@code t4t_model_runs_total} by
 * outcome (succeeded, already_applied, failed, with the error code), {@code
 * t4t_model_run_duration_seconds}, {@code t4t_rows_written_total}, {@code t4t_rows_total} by change
 * (inserted, updated, deleted, where the run counted them), {@code t4t_fan_outs_total} and {@code
 * t4t_buckets_total} by outcome, and {@code t4t_audits_total} by model, test and outcome (passed,
 * or warned: a failing test of severity warn; a blocking failure is a failed run with error
 * AUDIT_FAILED).
 */
@ApplicationScoped
public class RunMetrics {
  @Inject MeterRegistry registry;

  void record(List<Envelope> events) {
    for (Envelope e : events) {
      if (e.payload() instanceof ModelStarted s) {
        registry.counter("t4t.model.runs.started", "model", s.model()).increment();
      } else if (e.payload() instanceof ModelCompleted c) {
        String outcome = c.alreadyApplied() ? "already_applied" : "succeeded";
        registry
            .counter("t4t.model.runs", "model", c.model(), "outcome", outcome, "error", "none")
            .increment();
        if (!c.alreadyApplied()) {
          Timer.builder("t4t.model.run.duration")
              .tag("model", c.model())
              .register(registry)
              .record(Duration.ofMillis(c.durationMillis()));
          registry.counter("t4t.rows.written", "model", c.model()).increment(c.rows());
          rows(c.model(), "inserted", c.rowsInserted());
          rows(c.model(), "updated", c.rowsUpdated());
          rows(c.model(), "deleted", c.rowsDeleted());
          for (TestOutcome t : c.tests()) {
            String result = t.passed() ? "passed" : "warned";
            registry
                .counter("t4t.audits", "model", c.model(), "test", t.test(), "outcome", result)
                .increment();
          }
        }
      } else if (e.payload() instanceof ModelFailed f) {
        registry
            .counter(
                "t4t.model.runs",
                "model",
                f.model(),
                "outcome",
                "failed",
                "error",
                f.errorCode().name())
            .increment();
      } else if (e.payload() instanceof ModelFannedOut o) {
        registry.counter("t4t.fan.outs", "model", o.model()).increment();
        registry.summary("t4t.fan.out.buckets", "model", o.model()).record(o.buckets());
      } else if (e.payload() instanceof BucketCompleted b) {
        registry.counter("t4t.buckets", "model", b.model(), "outcome", "applied").increment();
      } else if (e.payload() instanceof BucketFailed b) {
        registry.counter("t4t.buckets", "model", b.model(), "outcome", "failed").increment();
      }
    }
  }

  private void rows(String model, String change, Long count) {
    if (count != null) {
      registry.counter("t4t.rows", "model", model, "change", change).increment(count);
    }
  }
}
