package io.t4t.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelRunCommand;
import io.t4t.testsupport.ServicesTestResource;
import io.t4t.testsupport.Tokens;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The planner-service on examples/shop against a real broker: release, progress, coalescing. */
@QuarkusTest
@QuarkusTestResource(ServicesTestResource.class)
@QuarkusTestResource(ShopProjectResource.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class PlannerServiceTest {

  @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081")
  int port;

  @Test
  void commandsReadyModelsReleasesDownstreamAndCoalescesArrivals() throws Exception {
    try (KafkaConsumer<String, byte[]> commands = TestClients.consumer("planner-test");
        KafkaProducer<String, byte[]> producer = TestClients.producer()) {
      commands.subscribe(List.of("t4t.model-run-commands"));

      HttpResponse<String> posted = post("/runs", "{}");
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      String runId = posted.body().replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");

      List<Envelope> first = await(commands, 3);
      assertThat(first)
          .extracting(e -> ((ModelRunCommand) e.payload()).model())
          .containsExactlyInAnyOrder("staging.paid_orders", "marts.customers", "marts.web_events");
      assertThat(first)
          .extracting(
              e ->
                  ((ModelRunCommand) e.payload()).model()
                      + ":"
                      + ((ModelRunCommand) e.payload()).mode())
          .containsExactlyInAnyOrder(
              "staging.paid_orders:view", "marts.customers:full", "marts.web_events:full");

      // completing a model releases its downstream model
      send(producer, Envelope.of(runId, completed("staging.paid_orders", 1)));
      assertThat(await(commands, 1))
          .extracting(e -> ((ModelRunCommand) e.payload()).model())
          .containsExactly("marts.order_log");
      String progress = get("/runs/" + runId).body();
      assertThat(progress)
          .contains("\"staging.paid_orders\":\"succeeded\"")
          .contains("\"marts.order_log\":\"running\"")
          .contains("\"done\":false");

      // a burst of arrivals for a file source: one run of its reader, planned incrementally
      send(producer, Envelope.of(runId, completed("marts.web_events", 2)));
      for (int i = 0; i < 50; i++) {
        assertThat(post("/arrivals", "{\"source\": \"landing/web_events\"}").statusCode())
            .isEqualTo(202);
      }
      List<Envelope> burst = await(commands, 1);
      assertThat(burst)
          .extracting(e -> ((ModelRunCommand) e.payload()).model())
          .containsExactly("marts.web_events");
      assertThat(((ModelRunCommand) burst.get(0).payload()).basedOnLedgerSeq()).isEqualTo(2);
      assertThat(commands.poll(Duration.ofSeconds(1)).count()).isZero();

      // a model named as on the command line (its short name) runs like its full name
      HttpResponse<String> shortName = post("/runs", "{\"select\": [\"paid_orders\"]}");
      assertThat(shortName.statusCode()).as(shortName.body()).isEqualTo(202);
      assertThat(await(commands, 1))
          .extracting(e -> ((ModelRunCommand) e.payload()).model())
          .containsExactly("staging.paid_orders");

      // bad requests: 400 naming the field and what to do; the service stays healthy
      assertThat(post("/arrivals", "{\"source\": \"nowhere\"}").body())
          .contains("No model reads 'nowhere'")
          .contains("landing/web_events");
      assertThat(post("/arrivals", "{}").body()).contains("'source' is required");
      for (String[] bad :
          new String[][] {
            {"{\"select\": [\"marts.nope\"]}", "'select': Unknown model 'marts.nope'"},
            {"{\"select\": \"order_log\"}", "'select' must be a list of model names"},
            {"{\"exclude\": [1]}", "'exclude' must hold model names"},
            {"{\"vars\": [1]}", "'vars' must be an object"},
            {"{\"full_refresh\": \"yes\"}", "'full_refresh' must be true or false"},
            {"{\"select\": [", "the body is not JSON"},
            {"[]", "expected a JSON object"},
            {
              "{\"select\": [\"order_log\"], \"exclude\": [\"order_log\"]}",
              "'select' less 'exclude' leaves no model to run"
            }
          }) {
        HttpResponse<String> r = post("/runs", bad[0]);
        assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
        assertThat(r.body()).as(bad[0]).contains("Invalid run request: " + bad[1]);
      }
      assertThat(get("/runs/unknown").statusCode()).isEqualTo(404);
      assertThat(get("/q/health/live").statusCode()).isEqualTo(200);
      assertThat(get("/q/health/ready").statusCode()).isEqualTo(200);
    }
  }

  private static ModelCompleted completed(String model, long seq) {
    return new ModelCompleted(model, "table", null, 1, null, "x", "y", seq, 5, false);
  }

  private static void send(KafkaProducer<String, byte[]> p, Envelope e) throws Exception {
    p.send(new ProducerRecord<>(e.topic().name("t4t."), e.key(), EventJson.write(e))).get();
  }

  private static List<Envelope> await(KafkaConsumer<String, byte[]> c, int n) {
    List<Envelope> out = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (out.size() < n && System.nanoTime() < deadline) {
      c.poll(Duration.ofMillis(100)).forEach(r -> out.add(EventJson.read(r.value())));
    }
    return out;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return TestClients.get(port, path, null);
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return post(path, body, Tokens.token("t4t-operator"));
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    return TestClients.post(port, path, body, token);
  }

  @Test
  void theMutatingEndpointsRefuseRequestsWithoutAnOperatorsToken() throws Exception {
    assertThat(post("/runs", "{}", null).statusCode()).isEqualTo(401);
    assertThat(post("/arrivals", "{\"source\": \"landing/web_events\"}", null).statusCode())
        .isEqualTo(401);
    assertThat(post("/runs", "{}", "not-a-jwt").statusCode()).isEqualTo(401);
    // signed, but without the operator group
    assertThat(post("/runs", "{}", Tokens.token("viewer")).statusCode()).isEqualTo(403);
    // reads need no token
    assertThat(get("/runs/unknown").statusCode()).isEqualTo(404);
    assertThat(get("/q/health/live").statusCode()).isEqualTo(200);
  }

  /** Last: the other tests read every command on the topic. */
  @Test
  @org.junit.jupiter.api.Order(Integer.MAX_VALUE)
  void aBackfillIsARunOfTheModelsWindowAndBadOnesAreRefused() throws Exception {
    try (KafkaConsumer<String, byte[]> commands = TestClients.consumer("planner-backfill-test")) {
      commands.subscribe(List.of("t4t.model-run-commands"));
      String body =
          "{\"model\": \"daily_revenue\", \"start\": \"2024-03-01\", \"end\": \"2024-03-08\"}";
      assertThat(post("/backfills", body, null).statusCode()).isEqualTo(401);
      HttpResponse<String> posted = post("/backfills", body);
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      String runId = posted.body().replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
      assertThat(posted.headers().firstValue("Location"))
          .hasValueSatisfying(l -> assertThat(l).endsWith("/runs/" + runId));
      ModelRunCommand c = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (c == null && System.nanoTime() < deadline) {
        for (var r : commands.poll(Duration.ofMillis(100))) {
          Envelope e = EventJson.read(r.value());
          if (e.runId().equals(runId)) {
            c = (ModelRunCommand) e.payload();
          }
        }
      }
      assertThat(c)
          .isEqualTo(
              new ModelRunCommand(
                  "marts.daily_revenue",
                  "backfill",
                  0,
                  Map.of(),
                  false,
                  1,
                  "2024-03-01",
                  "2024-03-08"));
      assertThat(get("/runs/" + runId).body()).contains("\"marts.daily_revenue\":\"running\"");

      for (String[] bad :
          new String[][] {
            {
              "{\"model\": \"daily_revenue\", \"start\": \"2024-03-08\", \"end\": \"2024-03-01\"}",
              "Invalid window for backfill of model marts.daily_revenue"
            },
            {
              "{\"model\": \"paid_orders\", \"start\": \"2024-03-01\", \"end\": \"2024-03-08\"}",
              "Cannot backfill model staging.paid_orders: it is a view"
            },
            {"{\"model\": \"daily_revenue\", \"start\": \"2024-03-01\"}", "'end' is required"},
            {"{\"model\": \"nope\", \"start\": \"1\", \"end\": \"2\"}", "Unknown model 'nope'"}
          }) {
        HttpResponse<String> r = post("/backfills", bad[0]);
        assertThat(r.statusCode()).as(bad[0]).isEqualTo(400);
        assertThat(r.body()).as(bad[0]).contains("Invalid backfill request: ").contains(bad[1]);
      }
    }
  }
}
