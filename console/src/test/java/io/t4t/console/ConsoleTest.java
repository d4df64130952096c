package io.t4t.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.coordinate.ModelProgress;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.coordinate.Status;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunFailure;
import io.t4t.core.project.Project;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.Engine;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelState;
import io.t4t.events.TestOutcome;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The console's pages and answers over examples/shop, with runs and state set by the test. */
class ConsoleTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2024-03-02T12:00:00Z");

  /** A host as the test sets it: runs and state in maps. */
  static final class Host implements ConsoleSource {
    final Project project = ProjectLoader.load(Path.of("../examples/shop"));
    final ModelGraph graph = ModelGraph.build(project, Engine.resolver(project));
    final Map<String, RunView> runs = new ConcurrentHashMap<>();
    final Map<String, ModelState> state = new ConcurrentHashMap<>();
    final List<LedgerEntry> history = new ArrayList<>();
    final List<RunFailure> failures = new ArrayList<>();
    volatile String historyUnavailable;
    volatile String notReady;

    @Override
    public Project project() {
      return project;
    }

    @Override
    public ModelGraph graph() {
      return graph;
    }

    @Override
    public List<String> runIds() {
      if (notReady != null) {
        throw new NotReady(notReady);
      }
      // newest first: the tests name runs in the order they start
      return runs.keySet().stream().sorted(java.util.Comparator.reverseOrder()).toList();
    }

    @Override
    public Optional<RunView> run(String runId) {
      return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public Map<String, ModelState> state() {
      return state;
    }

    @Override
    public History history(String model, int limit) {
      if (historyUnavailable != null) {
        throw new HistoryUnavailable(historyUnavailable);
      }
      List<LedgerEntry> entries =
          history.stream().filter(e -> e.model().equals(model)).limit(limit).toList();
      return new History(
          entries,
          failures.stream().filter(f -> f.model().equals(model)).limit(limit).toList(),
          keptTests(model, entries));
    }
  }

  private final Host host = new Host();
  private final Console console = new Console(host, Clock.fixed(NOW, ZoneOffset.UTC));

  private static RunView run(String id, boolean done, Map<String, Status> models, String failed) {
    return new RunView(
        id,
        done,
        models,
        failed == null ? Map.of() : Map.of(failed, "Cannot run " + failed + ": boom"),
        failed == null ? Map.of() : Map.of(failed, ErrorCode.SQL_ERROR),
        done ? NOW : null,
        null);
  }

  private static RunView withResults(RunView v, Map<String, ModelProgress.Result> results) {
    return new RunView(
        v.runId(),
        v.done(),
        v.models(),
        v.messages(),
        v.errors(),
        v.finishedAt(),
        v.expiredAt(),
        results,
        Map.of());
  }

  private static ModelProgress.Result result(long inserted, TestOutcome... tests) {
    return new ModelProgress.Result(
        inserted, inserted, 0L, null, 42, "incremental", 1, List.of(tests));
  }

  /** An applied incremental run of marts.order_log as the ledger records it. */
  private static LedgerEntry orderLog(
      long seq, String runId, String watermark, long rows, LocalDateTime at) {
    return new LedgerEntry(
        seq,
        runId,
        "marts.order_log",
        "applied",
        "incremental",
        "append",
        "s",
        "c",
        watermark,
        rows,
        at);
  }

  /**
   * A finished run in which marts.daily_revenue failed and staging.paid_orders succeeded, its
   * models by name, as the coordination's store answers them.
   */
  private static RunView finishedWithAFailure(String id) {
    return run(
        id,
        true,
        new java.util.TreeMap<>(
            Map.of("marts.daily_revenue", Status.FAILED, "staging.paid_orders", Status.SUCCEEDED)),
        "marts.daily_revenue");
  }

  private Console.Response get(String path, Map<String, String> query) {
    return console.handle("GET", path, query, new byte[0]);
  }

  private static String text(Console.Response r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void lineageAnswersTheFocusedGraphWithOutcomesAndFreshness() throws Exception {
    host.state.put(
        "staging.paid_orders",
        new ModelState(
            "staging.paid_orders",
            "table",
            LocalDateTime.of(2024, 3, 2, 11, 0),
            "s",
            "c",
            null,
            null,
            "r0",
            1));
    host.runs.put("r1", finishedWithAFailure("r1"));
    console.refresh();

    JsonNode all = JSON.readTree(get("/console/api/lineage", Map.of()).body());
    assertThat(all.get("nodes").size()).isEqualTo(6);
    assertThat(all.get("edges").size()).isEqualTo(4);

    JsonNode focused =
        JSON.readTree(
            get("/console/api/lineage", Map.of("model", "staging.paid_orders", "depth", "1"))
                .body());
    Map<String, JsonNode> nodes = new LinkedHashMap<>();
    focused.get("nodes").forEach(n -> nodes.put(n.get("id").asText(), n));
    assertThat(nodes).containsKey("staging.paid_orders").doesNotContainKey("marts.web_events");
    assertThat(nodes.get("staging.paid_orders").get("status").asText()).isEqualTo("succeeded");
    assertThat(nodes.get("staging.paid_orders").get("freshness_seconds").asLong()).isEqualTo(3600);
    focused
        .get("edges")
        .forEach(
            e ->
                assertThat(
                        e.get("source").asText().equals("staging.paid_orders")
                            || e.get("target").asText().equals("staging.paid_orders"))
                    .isTrue());

    assertThat(get("/console/api/lineage", Map.of("model", "marts.nope")).status()).isEqualTo(404);
    assertThat(text(get("/console/api/search", Map.of("q", "orders"))))
        .contains("staging.paid_orders");
  }

  @Test
  void pagesRenderRunsAndAModelWithItsError() {
    host.runs.put("r1", finishedWithAFailure("r1"));
    console.refresh();

    assertThat(text(get("/console", Map.of("model", "staging.paid_orders"))))
        .contains("data-model=\"staging.paid_orders\"")
        .contains("/webjars/cytoscape/3.33.1/dist/cytoscape.min.js");
    assertThat(text(get("/console/runs", Map.of())))
        .contains("/console/runs/r1")
        .contains("1 succeeded, 1 failed")
        // a run that finished with a failed model is colored as a failure
        .contains("<td class=\"state finished-failed\">finished with 1 failed</td>");
    assertThat(text(get("/console/runs/r1", Map.of())))
        .contains("<span id=\"run-state\" class=\"state finished-failed\">finished with 1 failed")
        .contains("Cannot run marts.daily_revenue: boom")
        .contains("SQL_ERROR")
        // in the order they run, upstream first
        .containsSubsequence(
            "<tr data-model=\"staging.paid_orders\">", "<tr data-model=\"marts.daily_revenue\">");
    assertThat(get("/console/runs/r9", Map.of()).status()).isEqualTo(404);

    String model = text(get("/console/models/marts.daily_revenue", Map.of()));
    assertThat(model).contains("Cannot run marts.daily_revenue: boom").contains("SELECT");
    assertThat(get("/console/models/marts.nope", Map.of()).status()).isEqualTo(404);
    // values are escaped
    assertThat(text(get("/console", Map.of("model", "<b>x"))))
        .contains("value=\"&lt;b&gt;x\"")
        .doesNotContain("<b>x");
  }

  @Test
  void whileTheHostCannotReadItsRunsTheRunsPageSaysSoAndAModelPageStillAnswers() {
    host.notReady = "Cannot read runs yet: try again in a moment";
    Console.Response runs = get("/console/runs", Map.of());
    assertThat(runs.status()).isEqualTo(503);
    assertThat(text(runs)).contains("Cannot read runs yet: try again in a moment");
    assertThat(get("/console/models/marts.order_log", Map.of()).status()).isEqualTo(200);
  }

  @Test
  void onlyTheLineageAndModelPagesShowTheWatchedOutcomes() {
    assertThat(Console.showsOutcomes("/console/api/lineage")).isTrue();
    assertThat(Console.showsOutcomes("/console/models/marts.order_log")).isTrue();
    assertThat(Console.showsOutcomes("/console/runs")).isFalse();
    assertThat(Console.showsOutcomes("/console/static/console.js")).isFalse();
  }

  @Test
  void theBrowserLibrariesAreServedFromTheClasspath() {
    Console.Response cytoscape = get("/webjars/cytoscape/3.33.1/dist/cytoscape.min.js", Map.of());
    assertThat(cytoscape.status()).isEqualTo(200);
    assertThat(cytoscape.contentType()).startsWith("text/javascript");
    assertThat(get("/webjars/dagre/0.8.4/dist/dagre.min.js", Map.of()).status()).isEqualTo(200);
    assertThat(get("/console/static/console.js", Map.of()).status()).isEqualTo(200);
    assertThat(get("/webjars/../secret", Map.of()).status()).isEqualTo(400);
    // every library a page loads is on the classpath at the version the pom resolved
    String page = text(get("/console", Map.of()));
    List<String> scripts =
        java.util.regex.Pattern.compile("src=\"(/webjars/[^\"]+)\"")
            .matcher(page)
            .results()
            .map(m -> m.group(1))
            .toList();
    assertThat(scripts).hasSize(2);
    scripts.forEach(s -> assertThat(get(s, Map.of()).status()).as(s).isEqualTo(200));
  }

  @Test
  void previewAnswersWhatARunRequestWouldRunInDagOrder() throws Exception {
    byte[] body = "{\"select\": [\"marts.daily_revenue\", \"paid_orders\"]}".getBytes();
    JsonNode preview =
        JSON.readTree(console.handle("POST", "/console/api/preview", Map.of(), body).body());
    assertThat(preview.get("models").toString())
        .isEqualTo("[\"staging.paid_orders\",\"marts.daily_revenue\"]");
    Console.Response bad =
        console.handle(
            "POST", "/console/api/preview", Map.of(), "{\"select\": [\"nope\"]}".getBytes());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(text(bad)).contains("nope");
  }

  @Test
  void previewOfABackfillAnswersWhatItReloadsAndRebuilds() throws Exception {
    byte[] body =
        "{\"model\": \"order_log\", \"start\": \"2024-03-01\", \"end\": \"2024-03-02\"}".getBytes();
    JsonNode preview =
        JSON.readTree(
            console.handle("POST", "/console/api/preview/backfill", Map.of(), body).body());
    assertThat(preview.get("models").toString())
        .isEqualTo(
            "[\"marts.order_log (backfill)\",\"marts.daily_revenue (backfill)\","
                + "\"marts.revenue_by_country (rebuild)\"]");
    Console.Response bad =
        console.handle(
            "POST",
            "/console/api/preview/backfill",
            Map.of(),
            "{\"model\": \"marts.order_log\"}".getBytes());
    assertThat(bad.status()).isEqualTo(400);
    assertThat(text(bad)).contains("'start' is required");
  }

  @Test
  void refreshSendsEachStatusChangeOnce() throws Exception {
    List<String> events = new ArrayList<>();
    console.subscribe(
        json -> {
          if (json != null) {
            events.add(json);
          }
          return true;
        });
    host.runs.put("r1", run("r1", false, Map.of("staging.paid_orders", Status.RUNNING), null));
    console.refresh();
    console.refresh();
    assertThat(events).hasSize(1);
    assertThat(JSON.readTree(events.get(0)).get("status").asText()).isEqualTo("running");

    host.runs.put("r1", run("r1", true, Map.of("staging.paid_orders", Status.SUCCEEDED), null));
    console.refresh();
    assertThat(events).hasSize(2);
    JsonNode last = JSON.readTree(events.get(1));
    assertThat(last.get("status").asText()).isEqualTo("succeeded");
    assertThat(last.get("run_done").asBoolean()).isTrue();

    // each event carries the whole run's state and counts: the last model's success in a run whose
    // other model failed earlier still says the run finished with a failure
    host.runs.put(
        "r3",
        run(
            "r3",
            false,
            Map.of("staging.paid_orders", Status.FAILED, "marts.daily_revenue", Status.RUNNING),
            "staging.paid_orders"));
    console.refresh();
    host.runs.put(
        "r3",
        run(
            "r3",
            true,
            Map.of("staging.paid_orders", Status.FAILED, "marts.daily_revenue", Status.SUCCEEDED),
            "staging.paid_orders"));
    events.clear();
    console.refresh();
    assertThat(events).hasSize(1);
    JsonNode finished = JSON.readTree(events.get(0));
    assertThat(finished.get("model").asText()).isEqualTo("marts.daily_revenue");
    assertThat(finished.get("run_state").asText()).isEqualTo("finished with 1 failed");
    assertThat(finished.get("run_css").asText()).isEqualTo("finished-failed");
    assertThat(finished.get("run_counts").asText()).isEqualTo("1 succeeded, 1 failed");
    events.clear();

    // a closed subscriber is dropped
    console.subscribe(json -> false);
    console.ping();
    host.runs.put("r2", run("r2", false, Map.of("staging.paid_orders", Status.PENDING), null));
    console.refresh();
    assertThat(events).hasSize(1);
  }

  // --- a host that cannot read history (the planner-service without a state-service)

  @Test
  void aModelPageSaysWhyItsHistoryIsNotAvailable() {
    host.historyUnavailable = "Cannot show run history: no state-service is configured";
    Console.Response page = get("/console/models/marts.order_log", Map.of());
    assertThat(page.status()).isEqualTo(200);
    assertThat(text(page))
        .contains("id=\"history-unavailable\"")
        .contains("Cannot show run history: no state-service is configured")
        .doesNotContain("No run of this model is recorded");
  }

  // --- a finished run's data test results

  @Test
  void aRunPageShowsEachSucceededModelsRowsDurationAndDataTestResults() {
    RunView r1 =
        run(
            "r1",
            true,
            Map.of(
                "staging.paid_orders", Status.SUCCEEDED, "marts.daily_revenue", Status.SUCCEEDED),
            null);
    host.runs.put(
        "r1",
        withResults(
            r1,
            Map.of(
                "staging.paid_orders",
                result(
                    7,
                    new TestOutcome("not_null(amount)", "error", true, List.of()),
                    new TestOutcome(
                        "accepted_values(status)",
                        "warn",
                        false,
                        List.of("(7, <lost>)", "(9, x)"))))));
    String page = text(get("/console/runs/r1", Map.of()));
    assertThat(page)
        .contains("<td>7 inserted, 0 updated</td><td>42 ms</td>")
        .contains("data-test=\"not_null(amount)\"")
        .contains("accepted_values(status) (warn)")
        .contains("(7, &lt;lost&gt;), (9, x)")
        .contains("class=\"status failed\">failed");
  }

  // --- a fanned-out run's buckets on the model's page

  @Test
  void aModelPageShowsTheBucketsOfItsFannedOutRun() {
    assertThat(text(get("/console/models/marts.daily_revenue", Map.of())))
        .doesNotContain("id=\"buckets\"");
    host.runs.put(
        "r7",
        new RunView(
            "r7",
            false,
            Map.of("marts.daily_revenue", Status.RUNNING),
            Map.of(),
            Map.of(),
            null,
            null,
            Map.of(),
            Map.of(
                "marts.daily_revenue",
                new RunView.FanOut(3, Map.of(0, 12L), Map.of(2, "Cannot apply bucket 2: boom")))));
    String page = text(get("/console/models/marts.daily_revenue", Map.of()));
    assertThat(page)
        .contains("<table id=\"buckets\" data-run=\"r7\">")
        .contains(
            "<tr data-bucket=\"0\"><td>0</td><td class=\"status applied\">applied</td><td>12</td>")
        .contains(
            "<tr data-bucket=\"1\"><td>1</td><td class=\"status pending\">pending</td><td></td>")
        .contains("Cannot apply bucket 2: boom");

    // a newer run in which it waits still shows r7's buckets; one in which it ran without fanning
    // out shows none (r7's are no longer its latest)
    host.runs.put("r8", run("r8", false, Map.of("marts.daily_revenue", Status.PENDING), null));
    assertThat(text(get("/console/models/marts.daily_revenue", Map.of())))
        .contains("<table id=\"buckets\" data-run=\"r7\">");
    host.runs.put("r9", run("r9", true, Map.of("marts.daily_revenue", Status.SUCCEEDED), null));
    assertThat(text(get("/console/models/marts.daily_revenue", Map.of())))
        .doesNotContain("id=\"buckets\"");
  }

  @Test
  void aModelPagesHistoryRowsShowTheirRunsDataTests() {
    host.history.add(orderLog(2, "r2", null, 3, LocalDateTime.of(2024, 3, 2, 11, 0)));
    host.history.add(orderLog(1, "r1", null, 4, LocalDateTime.of(2024, 3, 1, 11, 0)));
    host.runs.put(
        "r2",
        withResults(
            run("r2", true, Map.of("marts.order_log", Status.SUCCEEDED), null),
            Map.of(
                "marts.order_log",
                result(
                    3,
                    new TestOutcome(
                        "relationships(customer_id)", "warn", false, List.of("(99)"))))));
    String page = text(get("/console/models/marts.order_log", Map.of()));
    assertThat(page)
        .containsPattern(
            "/console/runs/r2\">r2</a></td><td class=\"tests\"><div class=\"test failed\""
                + " data-test=\"relationships\\(customer_id\\)\">")
        .contains("<code class=\"failing-rows\">(99)</code>")
        .contains("/console/runs/r1\">r1</a></td><td class=\"tests\"></td>");
  }

  @Test
  void aModelPagesHistoryListsFailedAttemptsWithTheirErrorBetweenAppliedRuns() {
    host.history.add(orderLog(2, "r3", "2024-03-02", 3, LocalDateTime.of(2024, 3, 2, 12, 0)));
    host.history.add(orderLog(1, "r1", "2024-03-01", 4, LocalDateTime.of(2024, 3, 1, 11, 0)));
    host.failures.add(
        new RunFailure(
            LocalDateTime.of(2024, 3, 2, 11, 0),
            "r2",
            "marts.order_log",
            "incremental",
            "2024-03-01",
            null,
            RunFailure.FAILED,
            "SQL_ERROR",
            "Cannot run marts.order_log: column no_such_column not found",
            15L));
    String page = text(get("/console/models/marts.order_log", Map.of()));
    assertThat(page)
        .containsSubsequence(
            "/console/runs/r3\">r3</a>",
            "<tr class=\"failed\" data-kind=\"failed\"><td></td><td>2024-03-02T11:00</td>"
                + "<td>failed incremental</td><td>2024-03-01 .. </td>",
            "<td>15 ms</td>",
            "/console/runs/r2\">r2</a>",
            "<td class=\"error\">SQL_ERROR: Cannot run marts.order_log: column no_such_column"
                + " not found</td>",
            "/console/runs/r1\">r1</a>")
        .doesNotContain("No run of this model is recorded");
  }
}
