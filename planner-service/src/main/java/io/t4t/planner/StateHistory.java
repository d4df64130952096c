package io.t4t.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.console.ConsoleSource.History;
import io.t4t.console.ConsoleSource.HistoryUnavailable;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.events.TestOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's run history for the console, read from the state-service ({@code GET
 * /state/{model}/history}): the planner never opens the warehouse. The caller's bearer token is
 * forwarded (the state-service wants group t4t-viewer or t4t-operator, as the history holds failing
 * rows). Each completion or failure becomes one {@link LedgerEntry} as the console's history table
 * shows it; the history's own start events are left out.
 */
final class StateHistory {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Optional<URI> stateUrl;

  StateHistory(Optional<URI> stateUrl) {
    this.stateUrl = stateUrl;
  }

  /**
   * @param bearer the token the console's request carried, or null
   * @throws HistoryUnavailable saying why, when no state-service is configured, it refuses the
   *     token, or it cannot be reached
   */
  List<LedgerEntry> history(String model, int limit, String bearer) {
    return read(model, limit, bearer).entries();
  }

  /**
   * {@link #history} with the data tests each completion carried, by run id.
   *
   * @throws HistoryUnavailable as {@link #history} does
   */
  /**
   * {@code path} under the state-service's address, keeping a base path it has (a gateway's {@code
   * http://gw/state-service} gives {@code http://gw/state-service/state/...}).
   */
  static URI under(URI base, String path) {
    String b = base.toString();
    return URI.create(b.endsWith("/") ? b : b + "/").resolve(path);
  }

  /** The most rows the state-service answers at once (its limit's upper bound). */
  static final int MAX_ROWS = 1000;

  History read(String model, int limit, String bearer) {
    if (stateUrl.isEmpty()) {
      throw new HistoryUnavailable(
          "Cannot show run history here: the planner-service reads it from the state-service, and"
              + " no address is set (t4t.planner.state-url, environment T4T_STATE_URL)");
    }
    URI uri =
        under(
            stateUrl.get(),
            "state/"
                + URLEncoder.encode(model, StandardCharsets.UTF_8)
                + "/history?limit="
                // each run is a start and an outcome there; the page lists outcomes only
                + Math.min(MAX_ROWS, 2 * limit));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5));
    if (bearer != null && !bearer.isBlank()) {
      request.header("Authorization", "Bearer " + bearer);
    }
    HttpResponse<String> r;
    try {
      r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new HistoryUnavailable(
          "Cannot read run history from the state-service at " + uri + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HistoryUnavailable("Cannot read run history: interrupted");
    }
    if (r.statusCode() == 404) {
      return new History(List.of(), Map.of()); // no run of the model yet
    }
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new HistoryUnavailable(
          "Cannot show run history: the state-service answered "
              + r.statusCode()
              + "; it needs a bearer token of group t4t-viewer or t4t-operator with the request");
    }
    if (r.statusCode() != 200) {
      throw new HistoryUnavailable(
          "Cannot read run history from the state-service at "
              + uri
              + ": it answered "
              + r.statusCode());
    }
    try {
      JsonNode rows = JSON.readTree(r.body());
      List<LedgerEntry> entries = entries(rows);
      return new History(entries.subList(0, Math.min(limit, entries.size())), tests(rows));
    } catch (IOException | RuntimeException e) {
      throw new HistoryUnavailable(
          "Cannot read run history from the state-service at " + uri + ": " + e.getMessage());
    }
  }

  /**
   * The state-service's rows (snake_case, newest first) as ledger entries: kind {@code completed}
   * or {@code failed}; the position is the row's place in this answer (the history has no ledger
   * position).
   */
  static List<LedgerEntry> entries(JsonNode rows) {
    List<JsonNode> outcomes = new ArrayList<>();
    rows.forEach(
        row -> {
          if (!row.path("event_type").asText("").equals("model_started")) {
            outcomes.add(row);
          }
        });
    List<LedgerEntry> out = new ArrayList<>();
    for (int i = 0; i < outcomes.size(); i++) {
      JsonNode row = outcomes.get(i);
      String type = row.path("event_type").asText("");
      out.add(
          new LedgerEntry(
              outcomes.size() - i,
              text(row, "run_id"),
              text(row, "model"),
              type.startsWith("model_") ? type.substring("model_".length()) : type,
              null,
              null,
              null,
              null,
              null,
              row.path("rows_written").asLong(0),
              row.hasNonNull("happened_at")
                  ? LocalDateTime.parse(row.get("happened_at").asText())
                  : null,
              new LedgerEntry.RunDetail(
                  text(row, "run_kind"),
                  null,
                  null,
                  number(row, "rows_inserted"),
                  number(row, "rows_updated"),
                  number(row, "rows_deleted"),
                  number(row, "duration_millis"))));
    }
    return out;
  }

  /**
   * The data tests of each completion ({@code tests}: {@code test, severity, passed,
   * failing_rows}), by run id; a completion without tests is absent.
   */
  static Map<String, List<TestOutcome>> tests(JsonNode rows) {
    Map<String, List<TestOutcome>> out = new LinkedHashMap<>();
    rows.forEach(
        row -> {
          List<TestOutcome> tests = new ArrayList<>();
          row.path("tests")
              .forEach(
                  t -> {
                    List<String> failing = new ArrayList<>();
                    t.path("failing_rows").forEach(f -> failing.add(f.asText()));
                    tests.add(
                        new TestOutcome(
                            t.path("test").asText(),
                            t.path("severity").asText(),
                            t.path("passed").asBoolean(),
                            failing));
                  });
          if (!tests.isEmpty() && row.hasNonNull("run_id")) {
            out.put(row.get("run_id").asText(), tests);
          }
        });
    return out;
  }

  private static String text(JsonNode row, String field) {
    return row.hasNonNull(field) ? row.get(field).asText() : null;
  }

  private static Long number(JsonNode row, String field) {
    return row.hasNonNull(field) ? row.get(field).asLong() : null;
  }
}
