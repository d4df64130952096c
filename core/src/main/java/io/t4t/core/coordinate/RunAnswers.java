package io.t4t.core.coordinate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The answer to {@code GET /runs/{id}}, the same from the planner-service and {@code t4t serve}:
 * 200 with each model's status, the results of succeeded models (rows, duration, data tests) and
 * the buckets of fanned-out ones; 404 saying whether the run is unknown or expired.
 */
public final class RunAnswers {
  private RunAnswers() {}

  /**
   * @param status the HTTP status
   * @param body the JSON body
   */
  public record Answer(int status, Map<String, Object> body) {}

  /**
   * @param run the run as the coordinator's state holds it (empty: not there)
   * @param retention how long finished runs are kept
   */
  public static Answer of(String runId, Optional<RunView> run, Duration retention) {
    if (run.isEmpty()) {
      return new Answer(
          404,
          Map.of(
              "error",
              "Unknown run "
                  + runId
                  + ": it was never requested here, or it is not taken up yet (try again in a"
                  + " moment), or it finished more than twice the retention ("
                  + retention
                  + ") ago"));
    }
    RunView r = run.get();
    if (r.expired()) {
      return new Answer(
          404,
          Map.of(
              "error",
              "Run "
                  + runId
                  + " expired: it finished at "
                  + r.finishedAt()
                  + " and runs are kept for "
                  + retention,
              "run_id",
              runId,
              "expired",
              true));
    }
    Map<String, Object> models = new LinkedHashMap<>();
    r.models().forEach((m, s) -> models.put(m, s.name().toLowerCase(Locale.ROOT)));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("run_id", r.runId());
    body.put("done", r.done());
    body.put("models", models);
    body.put("messages", r.messages());
    if (r.finishedAt() != null) {
      body.put("finished_at", r.finishedAt().toString());
    }
    Map<String, Object> results = new LinkedHashMap<>();
    r.results().forEach((m, res) -> results.put(m, result(res)));
    body.put("results", results);
    Map<String, Object> fanOuts = new LinkedHashMap<>();
    r.fanOuts().forEach((m, f) -> fanOuts.put(m, fanOut(f)));
    body.put("fan_outs", fanOuts);
    return new Answer(200, body);
  }

  /**
   * A succeeded model's result; counts the executor did not make are left out, and so are the
   * tests' failing rows: this answer needs no token, while failing rows may hold any column's
   * values (the state-service's history, which asks for a viewer's token, has them).
   */
  private static Map<String, Object> result(ModelProgress.Result r) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rows", r.rows());
    putIfKnown(out, "inserted", r.inserted());
    putIfKnown(out, "updated", r.updated());
    putIfKnown(out, "deleted", r.deleted());
    out.put("duration_ms", r.durationMillis());
    putIfKnown(out, "run_kind", r.runKind());
    out.put("ledger_seq", r.ledgerSeq());
    out.put(
        "tests",
        r.tests().stream()
            .map(
                t -> {
                  Map<String, Object> test = new LinkedHashMap<>();
                  test.put("test", t.test());
                  test.put("severity", t.severity());
                  test.put("passed", t.passed());
                  return test;
                })
            .toList());
    return out;
  }

  private static Map<String, Object> fanOut(RunView.FanOut f) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("buckets", f.buckets());
    out.put("rows", new java.util.TreeMap<>(f.rows()));
    out.put("failed", new java.util.TreeMap<>(f.failed()));
    return out;
  }

  private static void putIfKnown(Map<String, Object> out, String key, Object value) {
    if (value != null) {
      out.put(key, value);
    }
  }
}
