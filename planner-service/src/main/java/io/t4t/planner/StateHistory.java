package io.t4t.planner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.console.ConsoleSource.History;
import io.t4t.console.ConsoleSource.HistoryUnavailable;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunFailure;
import io.t4t.events.ErrorCode;
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
 * rows). Each completion becomes one {@link LedgerEntry}, each failure or skip one {@link
 * RunFailure} with its message, as the console's history table shows them; the history's own start
 * events are left out.
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
   * {@code path} under the state-service's address, keeping a base path it has (a gateway's {@code
   * http://gw/state-service} gives {@code http://gw/state-service/state/...}).
   */
  static URI under(URI base, String path) {
    String b = base.toString();
    return URI.create(b.endsWith("/") ? b : b + "/").resolve(path);
  }

  /** The most rows the state-service answers at once (its limit's upper bound). */
  static final int MAX_ROWS = 1000;

  /**
   * The model's completions and failures with the data tests each completion carried, by run id.
   *
   * @param bearer the token the console's request carried, or null
   * @throws HistoryUnavailable saying why, when no state-service is configured, it refuses the
   *     token, or it cannot be reached
   */
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
      return new History(List.of(), List.of(), Map.of()); // no run of the model yet
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
      List<RunFailure> failures = failures(rows);
      return new History(
          entries.subList(0, Math.min(limit, entries.size())),
          failures.subList(0, Math.min(limit, failures.size())),
          tests(rows));
    } catch (IOException | RuntimeException e) {
      throw new HistoryUnavailable(
          "Cannot read run history from the state-service at " + uri + ": " + e.getMessage());
    }
  }

  /**
   * The state-service's completions (snake_case rows, newest first) as ledger entries of kind
   * {@code applied}; the position is the completion's place in this answer (the history has no
   * ledger position).
   */
  static List<LedgerEntry> entries(JsonNode rows) {
    List<JsonNode> completions = new ArrayList<>();
    rows.forEach(
        row -> {
          if (row.path("event_type").asText("").equals("model_completed")) {
            completions.add(row);
          }
        });
    List<LedgerEntry> out = new ArrayList<>();
    for (int i = 0; i < completions.size(); i++) {
      JsonNode row = completions.get(i);
      out.add(
          new LedgerEntry(
              completions.size() - i,
              text(row, "run_id"),
              text(row, "model"),
              LedgerEntry.APPLIED,
              null,
              null,
              null,
              null,
              null,
              row.path("rows_written").asLong(0),
              time(row),
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
   * The state-service's failures (and skips: {@code model_failed} with {@code UPSTREAM_FAILED}),
   * newest first, with their error code and message, as the console shows failed attempts.
   */
  static List<RunFailure> failures(JsonNode rows) {
    List<RunFailure> out = new ArrayList<>();
    rows.forEach(
        row -> {
          if (!row.path("event_type").asText("").equals("model_failed")) {
            return;
          }
          String code = text(row, "error_code");
          out.add(
              new RunFailure(
                  time(row),
                  text(row, "run_id"),
                  text(row, "model"),
                  text(row, "run_kind"),
                  null,
                  null,
                  outcome(code),
                  code == null ? "" : code,
                  text(row, "message"),
                  number(row, "duration_millis")));
        });
    return out;
  }

  private static String outcome(String code) {
    try {
      return code == null ? RunFailure.FAILED : RunFailure.outcome(ErrorCode.valueOf(code));
    } catch (IllegalArgumentException newerCode) {
      return RunFailure.FAILED;
    }
  }

  private static LocalDateTime time(JsonNode row) {
    return row.hasNonNull("happened_at")
        ? LocalDateTime.parse(row.get("happened_at").asText())
        : null;
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
