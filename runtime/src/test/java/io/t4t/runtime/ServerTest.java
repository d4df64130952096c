package io.t4t.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.DeadLetter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** t4t serve's loop and endpoints on examples/shop, over a real embedded broker. */
class ServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void runsOnRequestAndReactsToLandedFiles() throws Exception {
    Path shop = Examples.copy("shop", dir.resolve("shop"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ProjectRunner runner = ProjectRunner.open(ProjectLoader.load(shop));
        Server server =
            new Server(runner.session(), kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
                .start()) {
      runner.seed();
      String base = "http://127.0.0.1:" + server.port();
      assertThat(get(base + "/health").get("status").asText()).isEqualTo("UP");

      HttpResponse<String> posted = post(base + "/runs", "");
      assertThat(posted.statusCode()).isEqualTo(202);
      String runId = JSON.readTree(posted.body()).get("run_id").asText();
      JsonNode run = waitForRun(base, runId);
      assertThat(run.get("models").size()).isEqualTo(6);
      run.get("models").forEach(s -> assertThat(s.asText()).isEqualTo("succeeded"));
      assertThat(get(base + "/state/marts.web_events").get("last_processed_value").asText())
          .isEqualTo("2024-03-01T09:10:00");

      // a new file lands; an arrival names its folder; only its reader runs
      Files.writeString(
          shop.resolve("landing/web_events/2024-03-02.csv"),
          "session_id,page,seen_at\n4,/checkout,2024-03-02 10:00:00\n");
      HttpResponse<String> arrived =
          post(base + "/arrivals", "{\"source\": \"landing/web_events\"}");
      assertThat(arrived.statusCode()).as(arrived.body()).isEqualTo(202);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String watermark = "";
      while (!watermark.equals("2024-03-02T10:00:00") && System.nanoTime() < deadline) {
        Thread.sleep(20);
        watermark = get(base + "/state/marts.web_events").get("last_processed_value").asText();
      }
      assertThat(watermark).isEqualTo("2024-03-02T10:00:00");
      assertThat(get(base + "/state").size()).isEqualTo(6);

      // invalid requests are refused with the reason
      assertThat(post(base + "/arrivals", "{\"source\": \"nowhere\"}").body())
          .contains("No model reads 'nowhere'");
      assertThat(post(base + "/runs", "{\"select\": [\"marts.nope\"]}").statusCode())
          .isEqualTo(400);
      HttpResponse<String> garbled = post(base + "/arrivals", "{source: ");
      assertThat(garbled.statusCode()).isEqualTo(400);
      assertThat(garbled.body()).contains("Invalid arrival");
      assertThat(post(base + "/runs", "[1, 2").body()).contains("Invalid run request");
      assertThat(
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/runs/unknown")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .statusCode())
          .isEqualTo(404);
    }
  }

  @Test
  void noBadRecordOrRequestStopsThePump() throws Exception {
    Path shop = Examples.copy("shop", dir.resolve("shop"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ProjectRunner runner = seeded(shop);
        Server server =
            new Server(runner.session(), kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
                .start();
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer())) {
      String base = "http://127.0.0.1:" + server.port();

      // a short model name, as on the command line
      HttpResponse<String> posted = post(base + "/runs", "{\"select\": [\"paid_orders\"]}");
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      JsonNode run = waitForRun(base, JSON.readTree(posted.body()).get("run_id").asText());
      assertThat(run.get("models").toString()).isEqualTo("{\"staging.paid_orders\":\"succeeded\"}");

      // bad bodies: 400 naming the field
      assertThat(post(base + "/runs", "{\"select\": \"paid_orders\"}").body())
          .contains("'select' must be a list of model names");
      assertThat(post(base + "/runs", "{\"vars\": [1]}").body())
          .contains("'vars' must be an object");
      assertThat(post(base + "/runs", "{\"selct\": []}").body()).contains("unknown field 'selct'");
      assertThat(post(base + "/runs", "{\"select\": [\"nope\"]}").body())
          .contains("'select': Unknown model 'nope'");

      // three poison records on every topic the pump reads
      Map<String, String> missingField =
          Map.of(
              "t4t.run-requests", "{\"type\":\"run_requested\",\"payload\":{\"select\":[]}}",
              "t4t.data-arrivals", "{\"type\":\"data_arrived\",\"payload\":{}}",
              "t4t.model-run-commands",
                  "{\"type\":\"model_run_command\",\"schema_version\":2,"
                      + "\"payload\":{\"model\":\"marts.customers\",\"mode\":\"full\"}}",
              "t4t.merge-tasks",
                  "{\"type\":\"merge_task\",\"payload\":{\"model\":\"marts.customers\"}}",
              "t4t.model-events",
                  "{\"type\":\"model_completed\",\"payload\":{\"model\":\"marts.customers\"}}");
      java.util.Random random = new java.util.Random(7);
      for (String topic : missingField.keySet()) {
        byte[] noise = new byte[64];
        random.nextBytes(noise);
        send(producer, topic, noise);
        send(producer, topic, envelope("{\"type\":\"model_finished\",\"payload\":{}}"));
        send(producer, topic, envelope(missingField.get(topic)));
      }
      List<ConsumerRecord<String, byte[]>> dead = deadLetters(kafka.bootstrapServers(), 15);
      assertThat(dead).hasSize(15);
      Map<String, List<String>> codes = new java.util.TreeMap<>();
      for (ConsumerRecord<String, byte[]> r : dead) {
        Map<String, String> h = new java.util.HashMap<>();
        r.headers().forEach(x -> h.put(x.key(), new String(x.value())));
        DeadLetter letter = DeadLetter.fromHeaders(h);
        assertThat(letter.service()).isEqualTo("t4t");
        assertThat(letter.offset()).isNotNegative();
        codes.computeIfAbsent(letter.topic(), t -> new ArrayList<>()).add(letter.code().wireName());
      }
      assertThat(codes.keySet()).isEqualTo(missingField.keySet());
      codes
          .values()
          .forEach(
              c ->
                  assertThat(c).containsExactly("not_an_event", "unknown_type", "invalid_payload"));
      JsonNode health = get(base + "/health");
      assertThat(health.get("status").asText()).isEqualTo("UP");
      assertThat(health.get("dead_letters").get("t4t.merge-tasks invalid_payload").asLong())
          .isEqualTo(1);

      // and the next run completes
      posted = post(base + "/runs", "");
      run = waitForRun(base, JSON.readTree(posted.body()).get("run_id").asText());
      run.get("models").forEach(x -> assertThat(x.asText()).isEqualTo("succeeded"));
    }
  }

  /**
   * {@code POST /backfills} on examples/shop: the window of the incremental {@code marts.order_log}
   * is reloaded from the corrected source, its incremental downstream restates the same window, the
   * table downstream is rebuilt; rows outside the window are as they were.
   */
  @Test
  void backfillsAWindowAndRestatesItsDownstream() throws Exception {
    Path shop = Examples.copy("shop", dir.resolve("shop"));
    String window = "ordered_at >= '2024-03-02' AND ordered_at < '2024-03-03'";
    try (ProjectRunner runner = seeded(shop)) {
      assertThat(
              io.t4t.core.roles.LocalRun.run(
                      runner.session(), io.t4t.core.roles.RunOptions.defaults())
                  .ok())
          .isTrue();
      // the source is corrected inside the window and changed outside it
      runner.warehouse().execute("UPDATE raw.orders SET amount = amount + 1000 WHERE " + window);
      runner
          .warehouse()
          .execute(
              "UPDATE raw.orders SET amount = amount + 1 WHERE CAST(ordered_at AS DATE) ="
                  + " DATE '2024-03-04'");
      String outside =
          one(
              runner,
              "SELECT revenue FROM marts.daily_revenue WHERE order_day =" + " DATE '2024-03-04'");
      try (EmbeddedKafka kafka = EmbeddedKafka.start();
          Server server =
              new Server(
                      runner.session(), kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
                  .start()) {
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> table =
            post(
                base + "/backfills",
                "{\"model\": \"revenue_by_country\", \"start\": \"2024-03-02\","
                    + " \"end\": \"2024-03-03\"}");
        assertThat(table.statusCode()).isEqualTo(400);
        assertThat(table.body())
            .contains("Cannot backfill model marts.revenue_by_country: it is a table");
        HttpResponse<String> noEnd =
            post(base + "/backfills", "{\"model\": \"order_log\", \"start\": \"2024-03-02\"}");
        assertThat(noEnd.statusCode()).isEqualTo(400);
        assertThat(noEnd.body()).contains("Invalid backfill request: 'end' is required");

        HttpResponse<String> posted =
            post(
                base + "/backfills",
                "{\"model\": \"order_log\", \"start\": \"2024-03-02\", \"end\":"
                    + " \"2024-03-03\"}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        String runId = JSON.readTree(posted.body()).get("run_id").asText();
        assertThat(runId).startsWith("backfill-");
        assertThat(posted.headers().firstValue("Location")).contains("/runs/" + runId);
        JsonNode run = waitForRun(base, runId);
        assertThat(run.get("models").toString())
            .isEqualTo(
                "{\"marts.daily_revenue\":\"succeeded\",\"marts.order_log\":\"succeeded\","
                    + "\"marts.revenue_by_country\":\"succeeded\"}");
      }
      // the window holds the corrected rows; outside it nothing moved
      assertThat(one(runner, "SELECT round(sum(amount), 2) FROM marts.order_log WHERE " + window))
          .isEqualTo(
              one(
                  runner,
                  "SELECT round(sum(amount), 2) FROM raw.orders WHERE status = 'paid' AND "
                      + window));
      assertThat(
              one(
                  runner,
                  "SELECT count(*) FROM marts.order_log o JOIN raw.orders r USING (order_id)"
                      + " WHERE CAST(r.ordered_at AS DATE) = DATE '2024-03-04'"
                      + " AND o.amount = r.amount"))
          .isEqualTo("0");
      assertThat(
              one(
                  runner,
                  "SELECT round(revenue, 2) FROM marts.daily_revenue WHERE order_day ="
                      + " DATE '2024-03-02'"))
          .isEqualTo(
              one(runner, "SELECT round(sum(amount), 2) FROM marts.order_log WHERE " + window));
      assertThat(
              one(
                  runner,
                  "SELECT revenue FROM marts.daily_revenue WHERE order_day = DATE '2024-03-04'"))
          .isEqualTo(outside);
      assertThat(one(runner, "SELECT round(sum(revenue), 2) FROM marts.revenue_by_country"))
          .isEqualTo(one(runner, "SELECT round(sum(amount), 2) FROM marts.order_log"));
      assertThat(
              one(
                  runner,
                  "SELECT run_kind FROM _t4t.ledger WHERE model_name = 'marts.order_log'"
                      + " ORDER BY seq DESC LIMIT 1"))
          .isEqualTo("backfill");
      assertThat(
              one(runner, "SELECT count(*) FROM _t4t.ledger WHERE model_name = 'marts.customers'"))
          .isEqualTo("1");
    }
  }

  private static String one(ProjectRunner runner, String sql) throws Exception {
    return String.valueOf(runner.warehouse().query(sql).get(0).get(0));
  }

  @Test
  void theConsoleShowsTheDagAndStreamsARunsChanges() throws Exception {
    Path shop = Examples.copy("shop", dir.resolve("shop"));
    // a warn test that fails on every day: the run still publishes, and its page says so
    Path revenue = shop.resolve("models/marts/daily_revenue.py");
    Files.writeString(
        revenue,
        Files.readString(revenue)
            .replace(
                "\n}",
                "\n    \"tests\": [{\"test\": \"accepted_values\", \"column\": \"orders\","
                    + " \"values\": [0], \"severity\": \"warn\"}],\n}"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ProjectRunner runner = seeded(shop);
        Server server =
            new Server(runner.session(), kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
                .start()) {
      String base = "http://127.0.0.1:" + server.port();
      // another web page the user has open cannot start a run here, nor read under another name
      HttpResponse<String> foreign =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/runs"))
                  .header("Origin", "http://evil.example")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"full_refresh\": true}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(foreign.statusCode()).isEqualTo(403);
      assertThat(foreign.body()).contains("Invalid Origin 'http://evil.example'");
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
        socket
            .getOutputStream()
            .write(
                "GET /console HTTP/1.1\r\nHost: rebound.example:80\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(
                new String(
                    socket.getInputStream().readAllBytes(),
                    java.nio.charset.StandardCharsets.US_ASCII))
            .startsWith("HTTP/1.1 403")
            .contains("Invalid Host 'rebound.example:80'");
      }
      HttpResponse<String> page = getText(base + "/console?model=marts.order_log");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("/webjars/dagre/0.8.4/dist/dagre.min.js");
      assertThat(getText(base + "/webjars/cytoscape/3.33.1/dist/cytoscape.min.js").statusCode())
          .isEqualTo(200);
      JsonNode lineage = get(base + "/console/api/lineage?model=marts.order_log&depth=1");
      assertThat(lineage.get("nodes").findValuesAsText("id"))
          .containsExactlyInAnyOrder(
              "staging.paid_orders",
              "marts.order_log",
              "marts.daily_revenue",
              "marts.revenue_by_country");

      // the event stream sees the run requested afterwards, model by model, until it is done
      List<String> events = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.CountDownLatch connected = new java.util.concurrent.CountDownLatch(1);
      http.sendAsync(
          HttpRequest.newBuilder(URI.create(base + "/console/events")).build(),
          HttpResponse.BodyHandlers.fromLineSubscriber(
              new java.util.concurrent.Flow.Subscriber<String>() {
                @Override
                public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                  s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                  if (line.startsWith(": connected")) {
                    connected.countDown();
                  }
                  if (line.startsWith("data: ")) {
                    events.add(line.substring("data: ".length()));
                  }
                }

                @Override
                public void onError(Throwable t) {}

                @Override
                public void onComplete() {}
              }));
      // subscribed before the run starts: the server subscribes before it says connected
      assertThat(connected.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      HttpResponse<String> posted = post(base + "/runs", "{\"select\": [\"paid_orders\"]}");
      String runId = JSON.readTree(posted.body()).get("run_id").asText();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (events.stream().noneMatch(e -> e.contains("\"run_done\":true"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(events)
          .anySatisfy(
              e ->
                  assertThat(e)
                      .contains("\"run_id\":\"" + runId + "\"")
                      .contains("\"model\":\"staging.paid_orders\"")
                      .contains("\"status\":\"succeeded\""))
          .anySatisfy(
              e ->
                  assertThat(e)
                      .contains("\"run_id\":\"" + runId + "\"")
                      .contains("\"run_done\":true"));

      assertThat(getText(base + "/console/runs").body()).contains(runId);
      assertThat(getText(base + "/console/runs/" + runId).body()).contains("succeeded");
      // the model page reads its history from the ledger (through the pump thread)
      HttpResponse<String> model = getText(base + "/console/models/staging.paid_orders");
      assertThat(model.statusCode()).isEqualTo(200);
      assertThat(model.body()).contains(runId).contains("FROM raw.orders");
      JsonNode preview =
          JSON.readTree(
              post(base + "/console/api/preview", "{\"select\": [\"daily_revenue\"]}").body());
      assertThat(preview.get("models").toString()).isEqualTo("[\"marts.daily_revenue\"]");
      HttpResponse<String> backfillPreview =
          post(
              base + "/console/api/preview/backfill",
              "{\"model\": \"daily_revenue\", \"start\": \"2024-03-01\", \"end\": \"2024-03-05\"}");
      assertThat(backfillPreview.body())
          .contains("\"models\":[\"marts.daily_revenue (backfill)\"]");
      // a finished run's page shows each model's data tests, as its model_completed carried them
      String tested =
          JSON.readTree(
                  post(base + "/runs", "{\"select\": [\"order_log\", \"daily_revenue\"]}").body())
              .get("run_id")
              .asText();
      waitForRun(base, tested);
      String runPage = getText(base + "/console/runs/" + tested).body();
      assertThat(runPage)
          .contains("accepted_values(orders) (warn)")
          .contains("data-test=\"not_null(order_id, amount)\"")
          .containsPattern("class=\"status failed\">failed</span> accepted_values\\(orders\\)")
          .contains("class=\"failing-rows\"");
      // and the model's page shows them on that run's history row
      assertThat(getText(base + "/console/models/marts.daily_revenue").body())
          .containsPattern(
              "/console/runs/"
                  + tested
                  + "\">[^<]+</a></td><td class=\"tests\"><div class=\"test failed\"");
      // t4t serve takes backfills as the planner-service does; a bad one is refused naming why
      HttpResponse<String> noEnd =
          post(base + "/backfills", "{\"model\": \"daily_revenue\", \"start\": \"2024-03-01\"}");
      assertThat(noEnd.statusCode()).isEqualTo(400);
      assertThat(noEnd.body()).contains("'end' is required");
    }
  }

  /**
   * With {@code [fan_out]} on a copy of examples/shop, the second run of the delete_insert {@code
   * marts.daily_revenue} fans its lookback window out: its page lists the buckets and their rows.
   */
  @Test
  void aModelPageShowsTheBucketsOfItsFannedOutRun() throws Exception {
    Path shop = Examples.copy("shop", dir.resolve("shop"));
    Path toml = shop.resolve("project.toml");
    Files.writeString(toml, Files.readString(toml) + "\n[fan_out]\nbuckets = 2\nmin_rows = 1\n");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        ProjectRunner runner = seeded(shop);
        Server server =
            new Server(runner.session(), kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
                .start()) {
      String base = "http://127.0.0.1:" + server.port();
      String select = "{\"select\": [\"paid_orders\", \"order_log\", \"daily_revenue\"]}";
      waitForRun(base, JSON.readTree(post(base + "/runs", select).body()).get("run_id").asText());
      String page = getText(base + "/console/models/marts.daily_revenue").body();
      assertThat(page).doesNotContain("id=\"buckets\""); // the first run builds the table whole

      String second = JSON.readTree(post(base + "/runs", select).body()).get("run_id").asText();
      assertThat(waitForRun(base, second).toString()).contains("succeeded");
      page = getText(base + "/console/models/marts.daily_revenue").body();
      assertThat(page)
          .contains("<table id=\"buckets\" data-run=\"" + second + "\">")
          .contains("data-bucket=\"0\"")
          .contains("data-bucket=\"1\"")
          .doesNotContain("class=\"status pending\"")
          .doesNotContain("class=\"status failed\"");
    }
  }

  private HttpResponse<String> getText(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] envelope(String json) {
    // a complete envelope around the given type and payload, unless they leave it out
    String base =
        "{\"event_id\":\""
            + java.util.UUID.randomUUID()
            + "\",\"schema_version\":1,\"run_id\":\"r\",\"time\":\"2026-12-01T00:00:00Z\",";
    return (base + json.substring(1)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void send(KafkaProducer<String, byte[]> p, String topic, byte[] value)
      throws Exception {
    p.send(new ProducerRecord<>(topic, "k", value)).get();
  }

  private static List<ConsumerRecord<String, byte[]>> deadLetters(String servers, int n) {
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                "bootstrap.servers",
                servers,
                "group.id",
                "dlq-test",
                "auto.offset.reset",
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      c.subscribe(List.of("t4t.dead-letters"));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < n && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(100)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(300)).forEach(out::add); // nothing more may come
    }
    return out;
  }

  /** Seeds before the server starts: only the pumping thread may use the warehouse after. */
  private static ProjectRunner seeded(Path shop) {
    ProjectRunner runner = ProjectRunner.open(ProjectLoader.load(shop));
    runner.seed();
    return runner;
  }

  private JsonNode waitForRun(String base, String runId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/runs/" + runId)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200 && JSON.readTree(r.body()).get("done").asBoolean()) {
        return JSON.readTree(r.body());
      }
      Thread.sleep(20);
    }
    throw new AssertionError("run " + runId + " did not finish");
  }

  private JsonNode get(String url) throws Exception {
    return JSON.readTree(
        http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString())
            .body());
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
