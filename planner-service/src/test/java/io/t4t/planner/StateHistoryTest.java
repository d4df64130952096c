package io.t4t.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.console.ConsoleSource.HistoryUnavailable;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.events.TestOutcome;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Why a model page has no history on the planner-service, and the rows it shows when it has. */
class StateHistoryTest {
  @Test
  void withoutAStateServiceTheReasonNamesTheSetting() {
    assertThatThrownBy(() -> new StateHistory(Optional.empty()).read("marts.x", 5, "t"))
        .isInstanceOf(HistoryUnavailable.class)
        .hasMessageStartingWith("Cannot show run history here")
        .hasMessageContaining("T4T_STATE_URL");
  }

  @Test
  void aStateServiceThatIsAwaySaysWhere() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed: nothing listens there
    }
    URI url = URI.create("http://127.0.0.1:" + port);
    assertThatThrownBy(() -> new StateHistory(Optional.of(url)).read("marts.x", 5, null))
        .isInstanceOf(HistoryUnavailable.class)
        .hasMessageStartingWith("Cannot read run history from the state-service at " + url);
  }

  @Test
  void completionsBecomeEntriesAndFailuresKeepTheirMessageNewestFirst() throws Exception {
    JsonNode answer =
        new ObjectMapper()
            .readTree(
                "[{\"run_id\": \"r3\", \"model\": \"m\", \"event_type\": \"model_failed\","
                    + " \"happened_at\": \"2024-03-03T11:00:00\", \"error_code\": \"UPSTREAM_FAILED\","
                    + " \"message\": \"Skipped: marts.up failed\"},"
                    + " {\"run_id\": \"r2\", \"model\": \"m\", \"event_type\": \"model_failed\","
                    + " \"happened_at\": \"2024-03-02T11:00:00\", \"error_code\": \"SQL_ERROR\","
                    + " \"message\": \"m: column no_such_column not found\", \"run_kind\": \"full\"},"
                    + " {\"run_id\": \"r1\", \"model\": \"m\", \"event_type\": \"model_completed\","
                    + " \"happened_at\": \"2024-03-01T11:00:00\", \"run_kind\": \"full\","
                    + " \"rows_written\": 4, \"rows_inserted\": 4, \"duration_millis\": 20},"
                    + " {\"run_id\": \"r1\", \"model\": \"m\", \"event_type\": \"model_started\","
                    + " \"happened_at\": \"2024-03-01T10:59:59\"}]");
    List<LedgerEntry> rows = StateHistory.entries(answer);
    assertThat(rows)
        .extracting(e -> e.seq() + " " + e.runId() + " " + e.kind() + " " + e.rowsWritten())
        .containsExactly("1 r1 applied 4");
    assertThat(rows.get(0).detail())
        .isEqualTo(new LedgerEntry.RunDetail("full", null, null, 4L, null, null, 20L));
    assertThat(StateHistory.failures(answer))
        .extracting(f -> f.runId() + " " + f.outcome() + " " + f.errorCode() + " " + f.error())
        .containsExactly(
            "r3 skipped UPSTREAM_FAILED Skipped: marts.up failed",
            "r2 failed SQL_ERROR m: column no_such_column not found");
  }

  @Test
  void aCompletionsDataTestsAreKeptByRun() throws Exception {
    Map<String, List<TestOutcome>> tests =
        StateHistory.tests(
            new ObjectMapper()
                .readTree(
                    "[{\"run_id\": \"r2\", \"event_type\": \"model_completed\", \"tests\": [{\"test\":"
                        + " \"not_null(a)\", \"severity\": \"warn\", \"passed\": false,"
                        + " \"failing_rows\": [\"(null)\"]}]},"
                        + " {\"run_id\": \"r1\", \"event_type\": \"model_completed\", \"tests\": []},"
                        + " {\"run_id\": \"r1\", \"event_type\": \"model_started\"}]"));
    assertThat(tests)
        .containsExactly(
            Map.entry(
                "r2", List.of(new TestOutcome("not_null(a)", "warn", false, List.of("(null)")))));
  }

  @Test
  void theStateServicesAddressKeepsItsBasePath() {
    assertThat(StateHistory.under(java.net.URI.create("http://gw/state-service"), "state"))
        .hasToString("http://gw/state-service/state");
    assertThat(StateHistory.under(java.net.URI.create("http://t4t-state:8080/"), "state/m/history"))
        .hasToString("http://t4t-state:8080/state/m/history");
  }
}
