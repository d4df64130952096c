package io.t4t.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.events.ModelState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * Every model's state as the state-service keeps it ({@code GET /state}, no token needed): unlike
 * what the coordination learns, it says when each model last ran and its watermark, so the console
 * can show freshness. Kept for a few seconds, so that pages do not ask the state-service each time;
 * a failure is kept as long, so that a state-service away slows no page.
 */
final class StateSnapshots {
  private static final Logger LOG = Logger.getLogger("StateSnapshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final long KEEP_NANOS = Duration.ofSeconds(5).toNanos();

  private final Optional<URI> stateUrl;
  private Optional<Map<String, ModelState>> last = Optional.empty();
  private long readAt;
  private boolean read;

  StateSnapshots(Optional<URI> stateUrl) {
    this.stateUrl = stateUrl;
  }

  /** The states by model; empty when no state-service is configured or it cannot be read. */
  synchronized Optional<Map<String, ModelState>> states() {
    if (stateUrl.isEmpty()) {
      return Optional.empty();
    }
    long now = System.nanoTime();
    if (!read || now - readAt > KEEP_NANOS) {
      last = fetch(StateHistory.under(stateUrl.get(), "state"));
      readAt = now;
      read = true;
    }
    return last;
  }

  private static Optional<Map<String, ModelState>> fetch(URI uri) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        LOG.warning("Cannot read model state from " + uri + ": it answered " + r.statusCode());
        return Optional.empty();
      }
      return Optional.of(states(JSON.readTree(r.body())));
    } catch (IOException | RuntimeException e) {
      LOG.warning("Cannot read model state from " + uri + ": " + e);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The state-service's answer (snake_case {@link ModelState} fields) by model. */
  static Map<String, ModelState> states(JsonNode rows) {
    Map<String, ModelState> out = new TreeMap<>();
    for (JsonNode row : rows) {
      ModelState s =
          new ModelState(
              text(row, "model"),
              text(row, "materialization"),
              row.hasNonNull("last_execution_timestamp")
                  ? LocalDateTime.parse(row.get("last_execution_timestamp").asText())
                  : null,
              text(row, "sql_hash"),
              text(row, "config_hash"),
              text(row, "last_processed_value"),
              text(row, "strategy"),
              text(row, "last_run_id"),
              row.path("ledger_seq").asLong(0));
      out.put(s.model(), s);
    }
    return out;
  }

  private static String text(JsonNode row, String field) {
    return row.hasNonNull(field) ? row.get(field).asText() : null;
  }
}
