package io.t4t.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.run.ProjectRunner;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.Topics;
import io.t4t.testsupport.ExampleProjects;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /backfills} through the services as separate processes (state, planner, executor)
 * over a real broker and PostgreSQL, on examples/shop: the window of the incremental {@code
 * marts.order_log} reloads from its corrected source, {@code marts.daily_revenue} restates the same
 * window, {@code marts.revenue_by_country} is rebuilt, rows outside the window stay as they were,
 * and the run is visible at {@code GET /runs/{id}}. A refused request is a 400 naming model and
 * key.
 */
class BackfillIT {
  private static final String WINDOW = "ordered_at >= '2024-03-02' AND ordered_at < '2024-03-03'";

  private final ServiceProcesses services = new ServiceProcesses();

  @AfterEach
  void stop() {
    services.close();
  }

  @Test
  void aBackfillRequestReloadsExactlyTheWindowAndRestatesItsDownstream() throws Exception {
    Path project = ExampleProjects.copy("shop");
    String outsideBefore;
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project))) {
      r.seed();
      assertThat(io.t4t.core.roles.LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
      // the source is corrected inside the window, and changed outside it
      r.warehouse().execute("UPDATE raw.orders SET amount = amount + 1000 WHERE " + WINDOW);
      r.warehouse()
          .execute(
              "UPDATE raw.orders SET amount = amount + 1"
                  + " WHERE CAST(ordered_at AS DATE) = DATE '2024-03-04'");
      outsideBefore =
          String.valueOf(
              r.warehouse()
                  .query(
                      "SELECT revenue FROM marts.daily_revenue WHERE order_day = DATE"
                          + " '2024-03-04'")
                  .get(0)
                  .get(0));
    }
    Path logs = Files.createTempDirectory("t4t-e2e-backfill");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      Topics.create(kafka.bootstrapServers(), "t4t.", 2);
      Map<String, String> env =
          Map.of(
              "T4T_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "T4T_PROJECT", project.toString());
      int state = ServiceProcesses.freePort();
      int planner = ServiceProcesses.freePort();
      services.startStateService(
          state, env, logs.resolve("state.log"), pg.getJdbcUrl("postgres", "postgres"), "postgres");
      Process executor =
          services.start(
              "executor-service", ServiceProcesses.freePort(), env, logs.resolve("executor.log"));
      services.start("planner-service", planner, env, logs.resolve("planner.log"));

      assertThat(
              services.post(
                  planner,
                  "/backfills",
                  "{\"model\": \"order_log\", \"start\": \"2024-03-03\", \"end\": \"2024-03-02\"}"))
          .contains(
              "Invalid backfill request: Invalid window for backfill of model marts.order_log");
      String body =
          services.post(
              planner,
              "/backfills",
              "{\"model\": \"order_log\", \"start\": \"2024-03-02\", \"end\": \"2024-03-03\"}");
      assertThat(body).as("logs in " + logs).contains("\"run_id\":\"backfill-");
      String runId = body.replaceAll(".*\"run_id\":\"([^\"]+)\".*", "$1");
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      String progress = "";
      while (!progress.contains("\"done\":true") && System.nanoTime() < deadline) {
        Thread.sleep(200);
        progress = services.get(planner, "/runs/" + runId);
      }
      assertThat(progress)
          .as("logs in " + logs)
          .contains("\"done\":true")
          .contains(
              "\"models\":{\"marts.daily_revenue\":\"succeeded\",\"marts.order_log\":\"succeeded\","
                  + "\"marts.revenue_by_country\":\"succeeded\"}");

      // the executor stops as a pod does, letting go of the DuckDB file
      executor.destroy();
      assertThat(executor.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      try (Connection c =
          DriverManager.getConnection("jdbc:duckdb:" + project.resolve("data/shop.duckdb"))) {
        String inWindow =
            value(c, "SELECT round(sum(amount), 2) FROM marts.order_log WHERE " + WINDOW);
        assertThat(inWindow)
            .isEqualTo(
                value(
                    c,
                    "SELECT round(sum(amount), 2) FROM raw.orders WHERE status = 'paid' AND "
                        + WINDOW));
        // outside the window the log keeps the rows it had (the source moved by 1 there)
        assertThat(
                value(
                    c,
                    "SELECT count(*) FROM marts.order_log o JOIN raw.orders r USING (order_id)"
                        + " WHERE CAST(r.ordered_at AS DATE) = DATE '2024-03-04'"
                        + " AND o.amount = r.amount"))
            .isEqualTo("0");
        assertThat(
                value(
                    c,
                    "SELECT round(revenue, 2) FROM marts.daily_revenue"
                        + " WHERE order_day = DATE '2024-03-02'"))
            .isEqualTo(inWindow);
        assertThat(
                value(
                    c,
                    "SELECT revenue FROM marts.daily_revenue WHERE order_day = DATE '2024-03-04'"))
            .isEqualTo(outsideBefore);
        assertThat(value(c, "SELECT round(sum(revenue), 2) FROM marts.revenue_by_country"))
            .isEqualTo(value(c, "SELECT round(sum(amount), 2) FROM marts.order_log"));
        assertThat(
                value(
                    c,
                    "SELECT run_kind || ' ' || window_start || '..' || window_end FROM _t4t.ledger"
                        + " WHERE model_name = 'marts.order_log' ORDER BY seq DESC LIMIT 1"))
            .isEqualTo("backfill 2024-03-02..2024-03-03");
        assertThat(
                value(c, "SELECT count(*) FROM _t4t.ledger WHERE model_name = 'marts.customers'"))
            .isEqualTo("1");
      }
    }
  }

  private static String value(Connection c, String sql) throws Exception {
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
