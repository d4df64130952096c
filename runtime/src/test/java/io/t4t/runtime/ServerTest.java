package io.t4t.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
            new Server(runner, kafka.bootstrapServers(), "t4t.", 0, Duration.ofMillis(50))
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
