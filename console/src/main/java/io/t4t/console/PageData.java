package io.t4t.console;

import io.t4t.core.coordinate.ModelProgress;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.coordinate.Status;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunFailure;
import io.t4t.core.execute.RunHistory;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.events.ModelState;
import io.t4t.events.TestOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The records the templates render, read from the {@link ConsoleSource} per request. */
final class PageData {
  private static final int HISTORY = 50;
  private static final int FAILING_ROWS = 5;

  private final ConsoleSource source;
  private final Lineage lineage;
  private final RunWatch watch;
  private final Clock clock;

  PageData(ConsoleSource source, Lineage lineage, RunWatch watch, Clock clock) {
    this.source = source;
    this.lineage = lineage;
    this.watch = watch;
    this.clock = clock;
  }

  /**
   * @param project the project's folder name
   * @param model the model in focus, or empty for the whole graph
   * @param depth how many steps up and down
   * @param models how many models the project has
   */
  record LineagePage(String project, String model, int depth, int models, List<Integer> depths) {}

  LineagePage lineage(String model, int depth) {
    return new LineagePage(
        source.project().folder(),
        model == null ? "" : model,
        depth,
        lineage.size(),
        List.of(1, 2, 3, 4, 5));
  }

  /**
   * @param id the run
   * @param state {@code running}, {@code finished}, {@code finished with N failed} or {@code
   *     expired}
   * @param counts how many models stand where, e.g. {@code 5 succeeded, 1 failed}
   * @param finishedAt when it finished, or empty
   * @param css the state's style: {@code finished-failed} for a run that finished with a failed
   *     model (colored as a failure, not as a success), else the state
   */
  record RunRow(String id, String state, String counts, String finishedAt, String css) {}

  record RunsPage(String project, List<RunRow> runs) {}

  RunsPage runs() {
    List<RunRow> rows = new ArrayList<>();
    for (String id : source.runIds()) {
      source.run(id).ifPresent(r -> rows.add(row(r)));
    }
    return new RunsPage(source.project().folder(), rows);
  }

  static RunRow row(RunView r) {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    r.models().values().forEach(s -> counts.merge(s, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((s, n) -> parts.add(n + " " + lower(s)));
    int failed = counts.getOrDefault(Status.FAILED, 0);
    String state = r.expired() ? "expired" : r.done() ? "finished" : "running";
    boolean failedRun = !r.expired() && r.done() && failed > 0;
    return new RunRow(
        r.runId(),
        failedRun ? "finished with " + failed + " failed" : state,
        String.join(", ", parts),
        r.finishedAt() == null ? "" : r.finishedAt().toString(),
        failedRun ? "finished-failed" : state);
  }

  /**
   * @param model {@code schema.name}
   * @param status lower case
   * @param message why it failed or was skipped, or empty
   * @param error its error code, or empty
   * @param rows what it wrote, e.g. {@code 305 inserted, 0 updated}, or empty
   * @param duration how long it took to apply, or empty
   * @param tests its data tests' outcomes, empty when it ran none (or the host kept none)
   */
  record RunModel(
      String model,
      String status,
      String message,
      String error,
      String rows,
      String duration,
      List<TestRow> tests) {}

  /**
   * One data test's outcome on a run's page.
   *
   * @param outcome {@code passed} or {@code failed}
   * @param failingRows the first failing rows, comma separated, or empty
   */
  record TestRow(String test, String severity, String outcome, String failingRows) {
    static TestRow of(TestOutcome t) {
      return new TestRow(
          t.test(),
          t.severity(),
          t.passed() ? "passed" : "failed",
          String.join(
              ", ", t.failingRows().subList(0, Math.min(FAILING_ROWS, t.failingRows().size()))));
    }
  }

  record RunPage(String project, String id, boolean found, RunRow run, List<RunModel> models) {}

  /**
   * The run's models with what the coordination keeps of them: status, error and message, and for a
   * succeeded one the rows and duration its completion reported, with the data tests the host shows
   * ({@link ConsoleSource#tests}).
   */
  RunPage run(String id) {
    Optional<RunView> view = source.run(id);
    if (view.isEmpty()) {
      return new RunPage(source.project().folder(), id, false, null, List.of());
    }
    RunView r = view.get();
    Map<String, List<TestOutcome>> tests = source.tests(id);
    List<RunModel> models = new ArrayList<>();
    inDagOrder(r.models())
        .forEach(
            (m, s) -> {
              Optional<ModelProgress.Result> res = Optional.ofNullable(r.results().get(m));
              models.add(
                  new RunModel(
                      m,
                      lower(s),
                      r.messages().getOrDefault(m, ""),
                      r.errors().containsKey(m) ? r.errors().get(m).name() : "",
                      res.map(PageData::rows).orElse(""),
                      res.map(x -> x.durationMillis() + " ms").orElse(""),
                      tests.getOrDefault(m, List.of()).stream().map(TestRow::of).toList()));
            });
    return new RunPage(source.project().folder(), id, true, row(r), models);
  }

  /**
   * A run's models in the order they run (upstream first, as the confirmation listed them), not in
   * the store's order of names; a model the project no longer has comes last.
   */
  private Map<String, Status> inDagOrder(Map<String, Status> models) {
    Map<String, Status> out = new java.util.LinkedHashMap<>();
    for (ModelName n : source.graph().order()) {
      Status s = models.get(n.toString());
      if (s != null) {
        out.put(n.toString(), s);
      }
    }
    models.forEach(out::putIfAbsent);
    return out;
  }

  /**
   * The counts a result has, e.g. {@code 305 inserted, 0 updated}; else the rows written (none for
   * a view).
   */
  private static String rows(ModelProgress.Result r) {
    String counted = counts(text(r.inserted()), text(r.updated()), text(r.deleted()));
    if (!counted.isEmpty() || LedgerEntry.RunDetail.VIEW.equals(r.runKind())) {
      return counted;
    }
    return r.rows() + " rows";
  }

  private static String counts(String inserted, String updated, String deleted) {
    List<String> parts = new ArrayList<>();
    if (!inserted.isEmpty()) {
      parts.add(inserted + " inserted");
    }
    if (!updated.isEmpty()) {
      parts.add(updated + " updated");
    }
    if (!deleted.isEmpty()) {
      parts.add(deleted + " deleted");
    }
    return String.join(", ", parts);
  }

  /**
   * One run as the history table shows it: an applied run (or reset) from the ledger, or a failed
   * attempt.
   *
   * @param seq the ledger position, or empty for a failed attempt (it wrote no ledger row)
   * @param kind {@code applied} or {@code reset}; a failed attempt's outcome ({@code failed},
   *     {@code audit_failed}, {@code refused}, {@code skipped})
   * @param window {@code start .. end} of a backfill, or empty
   * @param duration milliseconds, or empty when not recorded
   * @param tests the data tests the run ran, where the host knows them
   * @param error why a failed attempt failed (its error code and first line), else empty
   */
  record HistoryRow(
      String seq,
      String runId,
      String kind,
      String runKind,
      String window,
      String inserted,
      String updated,
      String deleted,
      String duration,
      String appliedAt,
      String watermark,
      List<TestRow> tests,
      String error) {}

  record ModelPage(
      String project,
      String name,
      String description,
      String sql,
      String file,
      String materialization,
      String strategy,
      String keys,
      String timeColumn,
      String lookback,
      List<String> upstream,
      List<String> downstream,
      ModelState state,
      ModelFacts facts,
      List<HistoryRow> history,
      String historyUnavailable,
      String fanOutRun,
      List<BucketRow> buckets) {}

  /**
   * One bucket of a fanned-out run on a model's page.
   *
   * @param state {@code applied}, {@code failed} or {@code pending}
   * @param rows rows it wrote, or empty until applied
   * @param message why its last attempt failed, or empty
   */
  record BucketRow(int bucket, String state, String rows, String message) {}

  /** A run that fanned a model out, and its buckets there. */
  private record FanOut(String runId, RunView.FanOut buckets) {}

  /**
   * The buckets of the model's latest run among the host's runs (the newest in which it ran or
   * runs; one where it waits or was skipped does not count); empty when that run did not fan it
   * out, or no listed run ran it.
   */
  private Optional<FanOut> fanOut(String model) {
    for (String id : source.runIds()) {
      Optional<RunView> view = source.run(id);
      Status status = view.map(v -> v.models().get(model)).orElse(null);
      if (status == null || status == Status.PENDING || status == Status.SKIPPED) {
        continue;
      }
      return Optional.ofNullable(view.get().fanOuts().get(model)).map(f -> new FanOut(id, f));
    }
    return Optional.empty();
  }

  private static List<BucketRow> buckets(RunView.FanOut f) {
    List<BucketRow> out = new ArrayList<>();
    for (int b = 0; b < f.buckets(); b++) {
      Long rows = f.rows().get(b);
      String failed = f.failed().get(b);
      String state = rows != null ? "applied" : failed != null ? "failed" : "pending";
      out.add(new BucketRow(b, state, text(rows), text(failed)));
    }
    return out;
  }

  Optional<ModelPage> model(String name) {
    if (!lineage.contains(name)) {
      return Optional.empty();
    }
    ModelName n = ModelName.parse(name);
    Model m = source.project().models().get(n);
    Optional<IncrementalConfig> inc = m.config().incremental();
    ModelState state = source.state().get(name);
    Optional<FanOut> fanOut;
    try {
      fanOut = fanOut(name);
    } catch (ConsoleSource.NotReady notYet) {
      fanOut = Optional.empty(); // the rest of the page does not need the runs
    }
    List<HistoryRow> history = new ArrayList<>();
    String historyUnavailable = "";
    try {
      ConsoleSource.History h = source.history(name, HISTORY);
      history.addAll(
          RunHistory.<HistoryRow>merged(
              h.entries(),
              h.failures(),
              HISTORY,
              e -> history(e, h.tests().getOrDefault(e.runId(), List.of())),
              PageData::history));
    } catch (ConsoleSource.HistoryUnavailable e) {
      historyUnavailable = e.getMessage();
    }
    return Optional.of(
        new ModelPage(
            source.project().folder(),
            name,
            m.config().description() == null ? "" : m.config().description(),
            sql(m),
            source.project().root().relativize(m.sqlFile()).toString(),
            m.config().materialization().wireName(),
            inc.map(i -> i.strategy().wireName()).orElse(""),
            inc.map(i -> String.join(", ", i.uniqueKey())).orElse(""),
            inc.map(IncrementalConfig::timeColumn).orElse(""),
            inc.flatMap(IncrementalConfig::lookback).map(Object::toString).orElse(""),
            // what its SQL reads and what reads it: a relationships test's edge is no read
            source.graph().readsFrom(n).stream().map(ModelName::toString).toList(),
            source.graph().readersOf(n).stream().map(ModelName::toString).toList(),
            state,
            ModelFacts.of(name, state, watch, clock.instant()),
            history,
            historyUnavailable,
            fanOut.map(FanOut::runId).orElse(""),
            fanOut.map(f -> buckets(f.buckets())).orElse(List.of())));
  }

  /** The file as written; the canonical SQL when the file is not there (another host). */
  private static String sql(Model m) {
    try {
      return Files.readString(m.sqlFile());
    } catch (IOException | RuntimeException e) {
      return m.sql().canonical();
    }
  }

  private static HistoryRow history(LedgerEntry e, List<TestOutcome> tests) {
    LedgerEntry.RunDetail d = e.detail();
    String window =
        d.windowStart() == null && d.windowEnd() == null
            ? ""
            : text(d.windowStart()) + " .. " + text(d.windowEnd());
    return new HistoryRow(
        String.valueOf(e.seq()),
        e.runId(),
        e.kind(),
        text(d.runKind()),
        window,
        text(d.inserted()),
        text(d.updated()),
        text(d.deleted()),
        d.durationMillis() == null ? "" : d.durationMillis() + " ms",
        text(e.appliedAt()),
        text(e.lastProcessedValue()),
        tests.stream().map(TestRow::of).toList(),
        "");
  }

  /** A failed attempt: it wrote nothing, so no counts and no watermark. */
  private static HistoryRow history(RunFailure f) {
    String window =
        f.windowStart() == null && f.windowEnd() == null
            ? ""
            : text(f.windowStart()) + " .. " + text(f.windowEnd());
    return new HistoryRow(
        "",
        f.runId(),
        f.outcome(),
        text(f.runKind()),
        window,
        "",
        "",
        "",
        f.durationMillis() == null ? "" : f.durationMillis() + " ms",
        text(f.failedAt()),
        "",
        List.of(),
        f.errorCode() == null || f.errorCode().isEmpty()
            ? text(f.error())
            : f.errorCode() + ": " + text(f.error()));
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }

  private static String lower(Status s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}
