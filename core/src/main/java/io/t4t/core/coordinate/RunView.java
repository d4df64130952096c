package io.t4t.core.coordinate;

import io.t4t.events.ErrorCode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each model of one run stands, for {@code GET /runs/{id}} and a run's summary.
 *
 * @param runId the run
 * @param done every model succeeded, failed or was skipped
 * @param models each selected model's status, by name (empty once the run expired)
 * @param messages why failed and skipped models did not succeed
 * @param errors the error codes of failed and skipped models
 * @param finishedAt when the run finished (null while open)
 * @param expiredAt when its progress was dropped (null until then)
 */
public record RunView(
    String runId,
    boolean done,
    Map<String, Status> models,
    Map<String, String> messages,
    Map<String, ErrorCode> errors,
    Instant finishedAt,
    Instant expiredAt) {

  static RunView of(RunHeader h, CoordinatorStore state) {
    Map<String, Status> models = new LinkedHashMap<>();
    Map<String, String> messages = new LinkedHashMap<>();
    Map<String, ErrorCode> errors = new LinkedHashMap<>();
    state
        .progressOf(h.runId())
        .forEach(
            (m, p) -> {
              models.put(m, p.status());
              if (p.message() != null && p.status().terminal()) {
                messages.put(m, p.message());
              }
              if (p.error() != null) {
                errors.put(m, p.error());
              }
            });
    return new RunView(
        h.runId(),
        h.done(),
        Collections.unmodifiableMap(models),
        Collections.unmodifiableMap(messages),
        Collections.unmodifiableMap(errors),
        h.finishedAt(),
        h.expiredAt());
  }

  public boolean expired() {
    return expiredAt != null;
  }
}
