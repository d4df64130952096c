package io.t4t.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.TestOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit counters, from the events an executor publishes (no Quarkus needed). */
class RunMetricsTest {
  @Test
  void auditsAreCountedByModelTestAndOutcomeAndABlockingFailureIsAFailedRun() {
    RunMetrics metrics = new RunMetrics();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    metrics.registry = registry;
    List<TestOutcome> tests =
        List.of(
            new TestOutcome("not_null(id)", "error", true, List.of()),
            new TestOutcome("accepted_values(name)", "warn", false, List.of("(zz, 1)")));

    metrics.record(
        List.of(
            Envelope.of(
                "run-1",
                new ModelCompleted(
                    "an.m",
                    "incremental",
                    "merge",
                    2,
                    null,
                    "s",
                    "c",
                    1,
                    5,
                    false,
                    null,
                    null,
                    null,
                    null,
                    tests)),
            Envelope.of(
                "run-2",
                new ModelFailed("an.m", ErrorCode.AUDIT_FAILED, false, "Cannot publish an.m", 3))));

    assertThat(
            registry
                .counter("t4t.audits", "model", "an.m", "test", "not_null(id)", "outcome", "passed")
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .counter(
                    "t4t.audits",
                    "model",
                    "an.m",
                    "test",
                    "accepted_values(name)",
                    "outcome",
                    "warned")
                .count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .counter(
                    "t4t.model.runs", "model", "an.m", "outcome", "failed", "error", "AUDIT_FAILED")
                .count())
        .isEqualTo(1.0);
  }
}
