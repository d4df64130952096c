package io.t4t.planner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.t4t.events.BucketCompleted;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelFannedOut;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.Payload;
import io.t4t.events.TestOutcome;
import io.t4t.testsupport.ServicesTestResource;
import io.t4t.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The web console on the planner-service, examples/shop over a real broker: pages and lineage
 * without a token, actions only with an operator's, run changes on the event stream. History and
 * freshness come from the state-service, tested against the real one by ConsoleIT (e2e).
 */
@QuarkusTest
@TestProfile(ConsoleProfile.class)
@QuarkusTestResource(ServicesTestResource.class)
@QuarkusTestResource(ShopProjectResource.class)
class ConsoleResourceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081")
  int port;

  @Test
  void pagesAndLineageNeedNoTokenAndNameTheProjectsModels() throws Exception {
    HttpResponse<String> page = get("/console", null);
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> t.contains("html"));
    assertThat(page.body()).contains("shop").contains("/console/static/console.js");

    JsonNode lineage = JSON.readTree(get("/console/api/lineage", null).body());
    List<String> nodes = new ArrayList<>();
    lineage.get("nodes").forEach(n -> nodes.add(n.get("id").asText()));
    assertThat(nodes)
        .contains(
            "staging.paid_orders",
            "marts.order_log",
            "marts.daily_revenue",
            "marts.customers",
            "marts.web_events");
    List<String> edges = new ArrayList<>();
    lineage
        .get("edges")
        .forEach(e -> edges.add(e.get("source").asText() + "->" + e.get("target").asText()));
    assertThat(edges).contains("staging.paid_orders->marts.order_log");

    JsonNode focused =
        JSON.readTree(get("/console/api/lineage?model=marts.order_log&depth=1", null).body());
    assertThat(focused.get("focus").asText()).isEqualTo("marts.order_log");
    assertThat(get("/console/api/lineage?model=marts.nope", null).statusCode()).isEqualTo(404);

    HttpResponse<String> model = get("/console/models/marts.order_log", null);
    assertThat(model.statusCode()).isEqualTo(200);
    assertThat(model.body()).contains("marts.order_log").contains("staging.paid_orders");
    assertThat(get("/console/runs", null).statusCode()).isEqualTo(200);
    assertThat(get("/console/models/marts.nope", null).statusCode()).isEqualTo(404);

    // the browser code, the console's own and the webjars', from the classpath: no CDN
    assertThat(get("/console/static/console.js", null).body()).contains("EventSource");
    assertThat(get("/webjars/dagre/0.8.4/dist/dagre.min.js", null).statusCode()).isEqualTo(200);
    assertThat(get("/webjars/cytoscape/3.33.1/dist/cytoscape.min.js", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void withoutAStateServiceTheModelPageSaysWhyItHasNoHistory() throws Exception {
    HttpResponse<String> page = get("/console/models/marts.order_log", Tokens.token("t4t-viewer"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("id=\"history-unavailable\"")
        .contains("Cannot show run history here")
        .contains("T4T_STATE_URL");
  }

  @Test
  void actionsNeedAnOperatorsTokenAndTheEventStreamShowsTheRunChange() throws Exception {
    String action = "{\"select\": [\"paid_orders\"]}";
    JsonNode preview = JSON.readTree(post("/console/api/preview", action, null).body());
    assertThat(preview.get("models").toString()).isEqualTo("[\"staging.paid_orders\"]");
    assertThat(post("/console/api/preview", "{\"select\": [\"nope\"]}", null).statusCode())
        .isEqualTo(400);
    // a model page's Backfill asks what a backfill would reload, then posts to /backfills
    HttpResponse<String> backfill =
        post(
            "/console/api/preview/backfill",
            "{\"model\": \"order_log\", \"start\": \"2024-03-01\", \"end\": \"2024-03-02\"}",
            null);
    assertThat(backfill.statusCode()).isEqualTo(200);
    assertThat(backfill.body()).contains("marts.order_log (backfill)");
    assertThat(
            post(
                    "/backfills",
                    "{\"model\": \"order_log\", \"start\": \"2024-03-01\", \"end\": \"2024-03-02\"}",
                    null)
                .statusCode())
        .isEqualTo(401);
    // the console's Run sends the same body to POST /runs: refused without a token
    assertThat(post("/runs", action, null).statusCode()).isEqualTo(401);
    // the console's cookie is no way in for actions: they check the bearer header only
    assertThat(
            http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/runs"))
                        .header("Cookie", "t4t_token=" + Tokens.token("t4t-operator"))
                        .POST(HttpRequest.BodyPublishers.ofString(action))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(401);

    BlockingQueue<String> events = new LinkedBlockingQueue<>();
    CompletableFuture<HttpResponse<java.util.stream.Stream<String>>> opened =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/console/events"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    // the stream opens before anything happens (the browser's EventSource then says "live")
    HttpResponse<java.util.stream.Stream<String>> open = opened.get(10, TimeUnit.SECONDS);
    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    CompletableFuture<?> stream =
        CompletableFuture.runAsync(
            () -> open.body().filter(l -> l.startsWith("data:")).forEach(events::add));
    try (KafkaConsumer<String, byte[]> commands = TestClients.consumer("console-test");
        KafkaProducer<String, byte[]> producer = TestClients.producer()) {
      commands.subscribe(List.of("t4t.model-run-commands"));
      Thread.sleep(1000); // the stream is subscribed

      HttpResponse<String> posted = post("/runs", action, Tokens.token("t4t-operator"));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      String runId = JSON.readTree(posted.body()).get("run_id").asText();
      assertThat(awaitCommand(commands, runId).model()).isEqualTo("staging.paid_orders");
      JsonNode running = awaitEvent(events, runId, "running");
      assertThat(running.get("model").asText()).isEqualTo("staging.paid_orders");

      Envelope done =
          Envelope.of(
              runId,
              new ModelCompleted(
                  "staging.paid_orders", "view", null, 0, null, "x", "y", 1, 5, false));
      producer
          .send(new ProducerRecord<>(done.topic().name("t4t."), done.key(), EventJson.write(done)))
          .get();
      JsonNode succeeded = awaitEvent(events, runId, "succeeded");
      assertThat(succeeded.get("model").asText()).isEqualTo("staging.paid_orders");
      assertThat(succeeded.get("run_done").asBoolean()).isTrue();

      // the runs page lists it, its page shows the model's outcome
      assertThat(get("/console/runs", null).body()).contains(runId);
      assertThat(get("/console/runs/" + runId, null).body()).contains("succeeded");
    } finally {
      stream.cancel(true);
    }
  }

  /**
   * A run of marts.order_log, this test playing its executor on the real broker: it fans out into
   * two buckets and completes with its audits. The run's page shows its rows, duration and data
   * tests (without failing rows, which need a viewer's token), the model's page the buckets and
   * their rows, and GET /runs/{id} answers them too, all from the coordination's stores.
   */
  @Test
  void aFinishedRunsPageShowsItsModelsResultsAndTheModelPageItsBuckets() throws Exception {
    try (KafkaConsumer<String, byte[]> commands = TestClients.consumer("console-results-test");
        KafkaProducer<String, byte[]> producer = TestClients.producer()) {
      commands.subscribe(List.of("t4t.model-run-commands"));
      HttpResponse<String> posted =
          post("/runs", "{\"select\": [\"order_log\"]}", Tokens.token("t4t-operator"));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      String runId = JSON.readTree(posted.body()).get("run_id").asText();
      assertThat(awaitCommand(commands, runId).model()).isEqualTo("marts.order_log");

      String model = "marts.order_log";
      for (Payload p :
          List.<Payload>of(
              new ModelFannedOut(model, 2, 30),
              new BucketCompleted(model, 0, 2, 12, 3, false),
              new BucketCompleted(model, 1, 2, 18, 4, false),
              new ModelCompleted(
                  model,
                  "incremental",
                  "append",
                  30,
                  "2024-03-02",
                  "x",
                  "y",
                  7,
                  1234,
                  false,
                  "incremental",
                  30L,
                  null,
                  null,
                  List.of(
                      new TestOutcome("not_null(order_id, amount)", "error", true, List.of()),
                      new TestOutcome(
                          "unique(order_id)", "warn", false, List.of("(secret-order-7)")))))) {
        Envelope e = Envelope.of(runId, p);
        producer
            .send(new ProducerRecord<>(e.topic().name("t4t."), e.key(), EventJson.write(e)))
            .get();
      }

      String page = awaitPage("/console/runs/" + runId, "class=\"status succeeded\"");
      assertThat(page)
          .contains("<td>30 inserted</td><td>1234 ms</td>")
          .contains("data-test=\"not_null(order_id, amount)\"")
          .contains("data-test=\"unique(order_id)\"")
          .contains("class=\"status failed\">failed")
          // failing rows need a viewer's token (the model's history): pages need none
          .doesNotContain("secret-order-7");
      assertThat(get("/console/models/" + model, null).body())
          .contains("<table id=\"buckets\" data-run=\"" + runId + "\">")
          .contains(
              "<tr data-bucket=\"0\"><td>0</td><td class=\"status applied\">applied</td>"
                  + "<td>12</td>")
          .contains(
              "<tr data-bucket=\"1\"><td>1</td><td class=\"status applied\">applied</td>"
                  + "<td>18</td>");
      JsonNode answered = JSON.readTree(get("/runs/" + runId, Tokens.token("t4t-viewer")).body());
      assertThat(answered.at("/results/marts.order_log/rows").asLong()).isEqualTo(30);
      assertThat(answered.at("/results/marts.order_log/duration_ms").asLong()).isEqualTo(1234);
      assertThat(answered.at("/results/marts.order_log/tests/1/test").asText())
          .isEqualTo("unique(order_id)");
      assertThat(answered.at("/fan_outs/marts.order_log/rows/1").asLong()).isEqualTo(18);
      assertThat(answered.toString()).doesNotContain("secret-order-7");
    }
  }

  @Test
  void aBlockingAuditsFailingRowsAreNotShownWithoutAToken() throws Exception {
    try (KafkaConsumer<String, byte[]> commands = TestClients.consumer("console-audit-test");
        KafkaProducer<String, byte[]> producer = TestClients.producer()) {
      commands.subscribe(List.of("t4t.model-run-commands"));
      HttpResponse<String> posted =
          post("/runs", "{\"select\": [\"web_events\"]}", Tokens.token("t4t-operator"));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      String runId = JSON.readTree(posted.body()).get("run_id").asText();
      String model = "marts.web_events";
      assertThat(awaitCommand(commands, runId).model()).isEqualTo(model);
      Envelope failed =
          Envelope.of(
              runId,
              new ModelFailed(
                  model,
                  ErrorCode.AUDIT_FAILED,
                  false,
                  "Cannot publish "
                      + model
                      + ": audit not_null(page) failed on the batch (nothing was written)"
                      + io.t4t.core.error.Messages.FAILING_ROWS
                      + "(secret-session-9)",
                  5));
      producer
          .send(
              new ProducerRecord<>(
                  failed.topic().name("t4t."), failed.key(), EventJson.write(failed)))
          .get();

      String page = awaitPage("/console/runs/" + runId, "class=\"status failed\"");
      assertThat(page)
          .contains("AUDIT_FAILED")
          .contains("audit not_null(page) failed on the batch")
          .contains("its failing rows are in the model&#39;s run history")
          .doesNotContain("secret-session-9");
      assertThat(get("/console/models/" + model, null).body()).doesNotContain("secret-session-9");
      assertThat(get("/console/api/lineage?model=" + model, null).body())
          .doesNotContain("secret-session-9");
      assertThat(get("/runs/" + runId, Tokens.token("t4t-viewer")).body())
          .contains("audit not_null(page) failed")
          .doesNotContain("secret-session-9");
    }
  }

  /** The page once it contains {@code text} (the console reads the stores at most 1 s late). */
  private String awaitPage(String path, String text) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String body = "";
    while (System.nanoTime() < deadline) {
      body = get(path, null).body();
      if (body.contains(text)) {
        return body;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no " + text + " on " + path + " in 30 s:\n" + body);
  }

  private static ModelRunCommand awaitCommand(KafkaConsumer<String, byte[]> c, String runId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      for (var r : c.poll(Duration.ofMillis(100))) {
        Envelope e = EventJson.read(r.value());
        if (e.runId().equals(runId)) {
          return (ModelRunCommand) e.payload();
        }
      }
    }
    throw new AssertionError("no command of run " + runId);
  }

  private static JsonNode awaitEvent(BlockingQueue<String> events, String runId, String status)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      String line = events.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      JsonNode e = JSON.readTree(line.substring("data:".length()).trim());
      if (e.get("run_id").asText().equals(runId) && status.equals(e.path("status").asText())) {
        return e;
      }
    }
    throw new AssertionError("no " + status + " event of run " + runId + " on /console/events");
  }

  private HttpResponse<String> get(String path, String token) throws Exception {
    return TestClients.get(port, path, token);
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    return TestClients.post(port, path, body, token);
  }
}
