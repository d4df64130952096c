package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.testsupport.ExampleProjects;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The deployed web console over HTTP: the state-service and the planner-service as processes with
 * token checks on, one executor, examples/shop over a real broker and PostgreSQL ({@link
 * ConsoleServices}); {@link ConsoleBrowserIT} drives the same in a browser. Pages and lineage need
 * no token, an action does; a model's run history comes from the real state-service with the
 * caller's token (bearer header or the console's cookie), and without one the page says why it has
 * none.
 */
class ConsoleIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "marts.order_log";

  @Test
  void theDeployedConsoleChecksTokensAndShowsHistoryFromTheStateService() throws Exception {
    Path project = ExampleProjects.copy("shop");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project))) {
      r.seed();
    }
    try (ConsoleServices deployed = ConsoleServices.start(project)) {
      ServiceProcesses services = deployed.processes;
      int state = deployed.state;
      int planner = deployed.planner;
      String operator = deployed.operator;
      String viewer = deployed.viewer;
      Path logs = deployed.logs;

      // pages and lineage need no token
      assertThat(services.send(planner, "/console", null).statusCode()).isEqualTo(200);
      HttpResponse<String> lineage = services.send(planner, "/console/api/lineage", null);
      assertThat(lineage.statusCode()).isEqualTo(200);
      assertThat(lineage.body()).contains("\"" + MODEL + "\"");

      // the console's Run sends its body to POST /runs: refused without a token, and with a
      // viewer's; an operator's starts the run
      String action = "{\"select\": [\"order_log\"]}";
      assertThat(services.send(planner, "/runs", action).statusCode()).isEqualTo(401);
      assertThat(
              services
                  .send(planner, "/runs", action, "Authorization", "Bearer " + viewer)
                  .statusCode())
          .isEqualTo(403);
      HttpResponse<String> posted =
          services.send(planner, "/runs", "{}", "Authorization", "Bearer " + operator);
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
      String runId = JSON.readTree(posted.body()).get("run_id").asText();
      String progress = "";
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      while (!progress.contains("\"done\":true") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        progress = services.get(planner, "/runs/" + runId);
      }
      assertThat(progress)
          .as("logs in " + logs)
          .contains("\"done\":true")
          .contains("\"" + MODEL + "\":\"succeeded\"");

      // the real state-service's history of the model, once it has taken in the run's events
      JsonNode completed = null;
      deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (completed == null && System.nanoTime() < deadline) {
        Thread.sleep(200);
        HttpResponse<String> h =
            services.send(
                state, "/state/" + MODEL + "/history", null, "Authorization", "Bearer " + viewer);
        if (h.statusCode() == 200) {
          for (JsonNode row : JSON.readTree(h.body())) {
            boolean ours = row.path("run_id").asText().equals(runId);
            completed =
                ours && row.path("event_type").asText().equals("model_completed") ? row : completed;
          }
        }
      }
      assertThat(completed).as("history of " + runId + ", logs in " + logs).isNotNull();
      String historyRow =
          "<td>applied "
              + text(completed, "run_kind")
              + "</td><td></td><td>"
              + text(completed, "rows_inserted")
              + "</td><td>"
              + text(completed, "rows_updated")
              + "</td>";
      assertThat(text(completed, "rows_inserted")).isNotEmpty().isNotEqualTo("0");

      // a model page with a viewer's token, in the header and in the console's cookie
      for (String[] credential :
          new String[][] {
            {"Authorization", "Bearer " + viewer}, {"Cookie", "t4t_token=" + viewer}
          }) {
        HttpResponse<String> page =
            services.send(planner, "/console/models/" + MODEL, null, credential);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
            .as(credential[0])
            .doesNotContain("history-unavailable")
            .contains(historyRow)
            .contains(">" + runId + "</a>");
      }
      // without a token the page says why it has no history
      HttpResponse<String> anonymous = services.send(planner, "/console/models/" + MODEL, null);
      assertThat(anonymous.statusCode()).isEqualTo(200);
      assertThat(anonymous.body())
          .contains("id=\"history-unavailable\"")
          .contains("Cannot show run history: the state-service answered 401")
          .contains("t4t-viewer")
          .doesNotContain(historyRow);

      // freshness and watermark from the state-service's GET /state, which needs no token (the
      // planner keeps its answer 5 s, and shows the coordination's position meanwhile)
      JsonNode modelState = null;
      for (JsonNode s : JSON.readTree(services.get(state, "/state"))) {
        modelState = s.path("model").asText().equals(MODEL) ? s : modelState;
      }
      assertThat(modelState).as("GET /state").isNotNull();
      String watermark = text(modelState, "last_processed_value");
      assertThat(watermark).isNotEmpty();
      assertThat(text(modelState, "last_run_id")).isEqualTo(runId);
      String shown = "";
      deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!shown.contains(watermark) && System.nanoTime() < deadline) {
        Thread.sleep(500);
        shown = services.send(planner, "/console/models/" + MODEL, null).body();
      }
      assertThat(shown)
          .contains("<dt>Watermark</dt><dd>" + watermark + "</dd>")
          .contains("(run <a href=\"/console/runs/" + runId + "\">")
          .doesNotContain("<dd id=\"freshness\">- since");
      JsonNode node = null;
      for (JsonNode n : JSON.readTree(lineage(services, planner)).get("nodes")) {
        node = n.get("id").asText().equals(MODEL) ? n : node;
      }
      assertThat(node.get("status").asText()).isEqualTo("succeeded");
      assertThat(node.get("freshness_seconds").isNumber()).isTrue();
    }
  }

  private static String lineage(ServiceProcesses services, int planner) throws Exception {
    return services.send(planner, "/console/api/lineage", null).body();
  }

  private static String text(JsonNode row, String field) {
    return row.hasNonNull(field) ? row.get(field).asText() : "";
  }
}
