package io.t4t.core.coordinate;

import io.t4t.events.ErrorCode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where each model of one run stands, for {@code GET /runs/{id}}, a run's summary and the console.
 *
 * @param runId the run
 * @param done every model succeeded, failed or was skipped
 * @param models each selected model's status, by name (empty once the run expired)
 * @param messages why failed and skipped models did not succeed
 * @param errors the error codes of failed and skipped models
 * @param finishedAt when the run finished (null while open)
 * @param expiredAt when its progress was dropped (null until then)
 * @param results what each succeeded model's completion reported (rows, duration, data tests), by
 *     model; a model that did not succeed, or one finished before results were kept, is absent
 * @param fanOuts the buckets of each model whose last attempt fanned out, by model (in flight or
 *     finished)
 */
public record RunView(
    String runId,
    boolean done,
    Map<String, Status> models,
    Map<String, String> messages,
    Map<String, ErrorCode> errors,
    Instant finishedAt,
    Instant expiredAt,
    Map<String, ModelProgress.Result> results,
    Map<String, FanOut> fanOuts) {

  public RunView {
    results = results == null ? Map.of() : results;
    fanOuts = fanOuts == null ? Map.of() : fanOuts;
  }

  /** A view without results and buckets. */
  public RunView(
      String runId,
      boolean done,
      Map<String, Status> models,
      Map<String, String> messages,
      Map<String, ErrorCode> errors,
      Instant finishedAt,
      Instant expiredAt) {
    this(runId, done, models, messages, errors, finishedAt, expiredAt, Map.of(), Map.of());
  }

  /**
   * A model's fanned-out attempt: how many buckets, the rows each applied bucket wrote, and why a
   * bucket's last attempt failed (a bucket neither here nor in {@code rows} is pending).
   *
   * @param buckets K
   * @param rows rows written, by applied bucket
   * @param failed the message of each bucket whose last attempt failed
   */
  public record FanOut(int buckets, Map<Integer, Long> rows, Map<Integer, String> failed) {
    public FanOut {
      rows = Map.copyOf(rows);
      failed = Map.copyOf(failed);
    }

    static FanOut of(ModelProgress.Buckets b) {
      return new FanOut(b.count(), b.rows(), b.failed());
    }
  }

  static RunView of(RunHeader h, CoordinatorStore state) {
    Map<String, Status> models = new LinkedHashMap<>();
    Map<String, String> messages = new LinkedHashMap<>();
    Map<String, ErrorCode> errors = new LinkedHashMap<>();
    Map<String, ModelProgress.Result> results = new LinkedHashMap<>();
    Map<String, FanOut> fanOuts = new LinkedHashMap<>();
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
              if (p.result() != null && p.status() == Status.SUCCEEDED) {
                results.put(m, p.result());
              }
              if (p.buckets() != null) {
                fanOuts.put(m, FanOut.of(p.buckets()));
              }
            });
    return new RunView(
        h.runId(),
        h.done(),
        Collections.unmodifiableMap(models),
        Collections.unmodifiableMap(messages),
        Collections.unmodifiableMap(errors),
        h.finishedAt(),
        h.expiredAt(),
        Collections.unmodifiableMap(results),
        Collections.unmodifiableMap(fanOuts));
  }

  public boolean expired() {
    return expiredAt != null;
  }
}
