package io.t4t.core.roles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.coordinate.Status;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.testing.EventBus;
import io.t4t.events.DeadLetterReason;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.EventFormatException;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.ModelState;
import io.t4t.events.RunRequested;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roles composed as the event-driven services compose them, on examples/shop: every event is
 * written to JSON and read back at every hop, every command is delivered twice, and the result must
 * equal a direct in-process run.
 */
class RolesTest {
  @TempDir Path dir;

  @Test
  void eventDrivenRunEqualsTheDirectRunEvenWithEveryCommandDeliveredTwice() throws Exception {
    Path direct = copyShop(dir.resolve("direct"));
    Path events = copyShop(dir.resolve("events"));
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(direct))) {
      r.seed();
      assertThat(LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
    }
    List<String> seen = new ArrayList<>();
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(events))) {
      r.seed();
      RunView progress =
          EventBus.drive(
              r,
              "run-1",
              new RunRequested("shop", List.of(), List.of(), Map.of(), false, "api"),
              2,
              null,
              e -> seen.add(e.type().wireName() + ":" + e.key()));
      assertThat(progress.done()).isTrue();
      assertThat(progress.models().values()).containsOnly(Status.SUCCEEDED);
      assertThat(progress.models()).hasSize(6);
    }
    // each model: commanded once, started and completed twice (the second a redelivery)
    assertThat(seen.stream().filter(s -> s.startsWith("model_run_command")).count()).isEqualTo(6);
    assertThat(seen.stream().filter(s -> s.startsWith("model_completed")).count()).isEqualTo(12);
    assertThat(snapshot(events)).isEqualTo(snapshot(direct));
  }

  @Test
  void theExecutorAppliesThePlannersDecisionOrRefusesItAndChangesNothing() throws Exception {
    Path shop = copyShop(dir.resolve("shop"));
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(shop))) {
      r.seed();
      assertThat(LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
      ExecutorRole executor = new ExecutorRole(r.session(), "test-executor");
      ModelName log = ModelName.parse("marts.order_log");
      long seq = r.session().ledgerSeq(log);
      assertThat(seq).isPositive();
      List<String> before = snapshot(r);

      // planned from an older position: refused, and the failure says where the ledger is
      ModelFailed stale =
          failure(executor.handle(command("r2", "incremental", seq - 1)), ErrorCode.STALE_PLAN);
      assertThat(stale.retryable()).isTrue();
      assertThat(stale.ledgerSeq()).isEqualTo(seq);
      assertThat(stale.ledgerState()).isEqualTo(r.state().get("marts.order_log"));
      assertThat(stale.message())
          .contains("planned from ledger position " + (seq - 1))
          .contains("ledger is at " + seq);

      // the right position, another decision: the two read different files
      ModelFailed mismatch =
          failure(executor.handle(command("r2", "full", seq)), ErrorCode.PLAN_MISMATCH);
      assertThat(mismatch.retryable()).isFalse();
      assertThat(mismatch.message())
          .contains("Cannot apply the planner's full run of marts.order_log")
          .contains("this executor plans it as incremental (");
      assertThat(snapshot(r)).isEqualTo(before);

      // a planner that learns the position from the refusal plans a command that is applied
      ModelState there = stale.ledgerState();
      ModelRunCommand replanned =
          new StatePlanner(r.project())
              .command(
                  log,
                  new RunRequested("shop", List.of(), List.of(), Map.of(), false, "api"),
                  1,
                  new ModelSlot.Known(
                      there.materialization(),
                      there.sqlHash(),
                      there.configHash(),
                      stale.ledgerSeq()));
      assertThat(replanned.mode()).isEqualTo("incremental");
      assertThat(replanned.basedOnLedgerSeq()).isEqualTo(seq);
      Envelope cmd = Envelope.of("r3", replanned);
      assertThat(executor.handle(cmd))
          .last()
          .extracting(Envelope::payload)
          .isInstanceOf(ModelCompleted.class);
      // delivered again after the ledger moved (by this very run): answered from the ledger
      assertThat(executor.handle(cmd))
          .last()
          .extracting(e -> ((ModelCompleted) e.payload()).alreadyApplied())
          .isEqualTo(true);

      // a model the project does not have is a bad record, not a model failure
      assertThatThrownBy(
              () ->
                  executor.handle(
                      Envelope.of(
                          "r4", new ModelRunCommand("marts.nope", "full", 0, null, false, 1))))
          .isInstanceOf(EventFormatException.class)
          .hasMessageContaining(
              "Cannot execute a run of 'marts.nope': project shop has no such model")
          .extracting(e -> ((EventFormatException) e).reason())
          .isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
    }
  }

  /**
   * A schema change shows only with the warehouse: the planner (reading files) commands an
   * incremental run, and the rebuild on_schema_change = full_refresh asks for is applied, not
   * refused as a plan mismatch.
   */
  @Test
  void theExecutorRebuildsForASchemaChangeThePlannerCannotSee() throws Exception {
    Path shop = copyShop(dir.resolve("shop"));
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(shop))) {
      r.seed();
      assertThat(LocalRun.run(r.session(), RunOptions.defaults()).ok()).isTrue();
      r.warehouse()
          .execute(
              "CREATE OR REPLACE VIEW staging.paid_orders AS SELECT order_id, customer_id,"
                  + " CAST(amount AS VARCHAR) AS amount, ordered_at FROM raw.orders WHERE status ="
                  + " 'paid'");
    }
    Path py = shop.resolve("models/marts/order_log.py");
    Files.writeString(
        py,
        Files.readString(py)
            .replace(
                "\"materialization\": \"incremental\",",
                "\"materialization\": \"incremental\",\n    \"on_schema_change\": \"full_refresh\","));
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(shop))) {
      long seq = r.session().ledgerSeq(ModelName.parse("marts.order_log"));
      List<Envelope> out =
          new ExecutorRole(r.session(), "test-executor").handle(command("r2", "incremental", seq));
      assertThat(wire(out.get(out.size() - 1)).payload()).isInstanceOf(ModelCompleted.class);
      assertThat(
              r.warehouse()
                  .query(
                      "SELECT data_type FROM information_schema.columns WHERE table_schema ="
                          + " 'marts' AND table_name = 'order_log' AND column_name = 'amount'"))
          .containsExactly(List.of("VARCHAR"));
    }
  }

  private static Envelope command(String runId, String mode, long basedOn) {
    return Envelope.of(
        runId, new ModelRunCommand("marts.order_log", mode, basedOn, Map.of(), false, 1));
  }

  private static ModelFailed failure(List<Envelope> out, ErrorCode code) {
    assertThat(out).hasSize(2);
    ModelFailed f = (ModelFailed) wire(out.get(1)).payload();
    assertThat(f.errorCode()).as(f.message()).isEqualTo(code);
    return f;
  }

  private static List<String> snapshot(ProjectRunner r) throws SQLException {
    List<String> out = new ArrayList<>();
    for (List<Object> row :
        r.warehouse()
            .query(
                "SELECT (SELECT count(*) FROM marts.order_log), (SELECT max(seq) FROM"
                    + " _t4t.ledger)")) {
      out.add(row.toString());
    }
    return out;
  }

  private static Envelope wire(Envelope e) {
    return EventJson.read(EventJson.write(e));
  }

  private static Path copyShop(Path to) throws IOException {
    Path from = Path.of("..", "examples", "shop").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path rel = from.relativize(p);
        if (rel.toString().startsWith("data")) {
          continue;
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(to.resolve(rel.toString()));
        } else {
          Files.copy(p, to.resolve(rel.toString()));
        }
      }
    }
    return to;
  }

  private static List<String> snapshot(Path project) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:duckdb:" + project.resolve("data/shop.duckdb"));
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "marts.order_log",
              "marts.customers",
              "marts.daily_revenue",
              "marts.revenue_by_country")) {
        try (ResultSet rs =
            s.executeQuery("SELECT count(*), sum(hash(COLUMNS(*))) FROM " + table)) {
          rs.next();
          out.add(table + ":" + rs.getString(1) + ":" + rs.getString(2));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT model_name, kind, last_processed_value, rows_written FROM _t4t.ledger ORDER BY seq")) {
        while (rs.next()) {
          out.add(
              rs.getString(1)
                  + ":"
                  + rs.getString(2)
                  + ":"
                  + rs.getString(3)
                  + ":"
                  + rs.getString(4));
        }
      }
    }
    return out;
  }
}
