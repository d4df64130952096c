package io.t4t.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** t4t serve keeps running; t4t notify tells it a file landed; the model is fresh moments later. */
class ServeNotifyTest {
  @TempDir Path dir;

  @Test
  void notifyMakesARunningServerLoadTheLandedFile() throws Exception {
    ExampleCopy shop = ExampleCopy.of("shop", dir);
    assertThat(shop.run("build").exitCode()).isZero();
    assertThat(shop.run("notify", "--source", "landing/web_events").err())
        .contains("Cannot notify: no t4t serve is running");

    CompletableFuture<ExampleCopy.Result> serving =
        CompletableFuture.supplyAsync(
            () -> shop.run("serve", "--port", "0", "--coalesce-ms", "20"));
    Path serveFile = shop.root.resolve("data/t4t-serve.json");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Files.exists(serveFile) && System.nanoTime() < deadline && !serving.isDone()) {
      Thread.sleep(20);
    }
    assertThat(serveFile).exists();
    int port = new ObjectMapper().readTree(serveFile.toFile()).get("port").asInt();
    try {
      Files.writeString(
          shop.root.resolve("landing/web_events/2024-03-05.csv"),
          "session_id,page,seen_at\n9,/thanks,2024-03-05 12:00:00\n");
      ExampleCopy.Result notified = shop.run("notify", "--source", "landing/web_events");
      assertThat(notified.exitCode()).as(notified.toString()).isZero();
      assertThat(notified.err()).contains("Published data arrival for landing/web_events");

      HttpClient http = HttpClient.newHttpClient();
      String watermark = "";
      while (!watermark.contains("2024-03-05T12:00:00") && System.nanoTime() < deadline) {
        Thread.sleep(20);
        watermark =
            http.send(
                    HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/state/marts.web_events"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      }
      assertThat(watermark).contains("\"last_processed_value\":\"2024-03-05T12:00:00\"");

      ExampleCopy.Result unknown = shop.run("notify", "--source", "landing/nowhere");
      assertThat(unknown.exitCode()).isEqualTo(2);
      assertThat(unknown.err()).contains("no model of shop reads 'landing/nowhere'");
    } finally {
      ServeCommand.stop();
    }
    ExampleCopy.Result served = serving.get();
    assertThat(served.exitCode()).as(served.toString()).isZero();
    assertThat(served.err()).contains("Serving shop on http://127.0.0.1:" + port);
    assertThat(served.err()).contains("Console: http://127.0.0.1:" + port + "/console");
    assertThat(serveFile).doesNotExist();
  }
}
