package io.t4t.core.audit;

import static io.t4t.core.testing.TestModels.model;
import static io.t4t.core.testing.TestModels.project;
import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.dialect.PostgresDialect;
import io.t4t.core.dialect.TrinoDialect;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.plan.TargetInfo;
import io.t4t.core.project.DataTest;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelConfigHash;
import io.t4t.events.ModelState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the failing-rows query of each data test, per dialect, with no database. */
class TestQueriesGoldenTest {
  private static final Dialect DUCKDB = new DuckDbDialect();
  private static final Dialect POSTGRES = new PostgresDialect();
  private static final Dialect TRINO = new TrinoDialect();

  private static final String SQL = "SELECT id, status, updated_at FROM raw.src";
  private static final TargetInfo TABLE =
      new TargetInfo(
          TargetInfo.Kind.TABLE,
          List.of("id", "status", "updated_at"),
          List.of("INTEGER", "VARCHAR", "TIMESTAMP"),
          false);

  private static Model withTests(String strategy, String block, String tests) {
    return model(
        "shop.orders",
        SQL,
        "{'materialization': 'incremental', 'incremental': {'strategy': '"
            + strategy
            + "', '"
            + strategy
            + "': {"
            + block
            + "}}, 'tests': ["
            + tests
            + "]}");
  }

  /** The incremental run after a first one, as the planner plans it for {@code d}. */
  private static ModelRun incrementalRun(Dialect d, Model m) {
    Planner planner =
        new Planner(project(m), d, (t, known, rows) -> TABLE, Map.of(), null, java.util.Set.of());
    ModelState state =
        new ModelState(
            m.name().toString(),
            "incremental",
            null,
            m.sql().hash(),
            ModelConfigHash.of(m.config()),
            "2024-01-15T10:30:00",
            m.config().strategyName(),
            "r1",
            1);
    return planner.plan(m, state, false);
  }

  private static final String TESTS =
      "{'test': 'not_null', 'columns': ['id', 'status']},"
          + " {'test': 'unique', 'columns': ['id']},"
          + " {'test': 'accepted_values', 'column': 'status', 'values': ['open', 'it\\'s', 3],"
          + " 'severity': 'warn'},"
          + " {'test': 'relationships', 'column': 'id', 'to': 'shop.customers', 'field': 'id'},"
          + " {'test': 'sql', 'name': 'late', 'sql': 'SELECT * FROM shop.orders o JOIN"
          + " shop.other x ON o.id = x.id'}";

  @Test
  void eachTestOnThePublishedTableReadsTheTableWithQuotedNamesAndRenderedLiterals() {
    Model m = withTests("append", "'time_column': 'updated_at'", TESTS);
    List<DataTest> tests = m.config().tests();
    assertThat(tests.stream().map(t -> TestQueries.onTable(t, m.name(), POSTGRES, 5)))
        .containsExactly(
            "SELECT * FROM \"shop\".\"orders\" WHERE \"id\" IS NULL OR \"status\" IS NULL\n"
                + "ORDER BY 1\nLIMIT 5",
            "SELECT \"id\", COUNT(*) AS t4t_rows FROM \"shop\".\"orders\" WHERE \"id\" IS NOT NULL"
                + " GROUP BY \"id\" HAVING COUNT(*) > 1\nORDER BY 1\nLIMIT 5",
            "SELECT \"status\", COUNT(*) AS t4t_rows FROM \"shop\".\"orders\" WHERE \"status\" NOT"
                + " IN ('open', 'it''s', 3) GROUP BY \"status\"\nORDER BY 1\nLIMIT 5",
            "SELECT t4t_child.\"id\" FROM \"shop\".\"orders\" AS t4t_child WHERE t4t_child.\"id\""
                + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM \"shop\".\"customers\" AS t4t_parent"
                + " WHERE t4t_parent.\"id\" = t4t_child.\"id\")\nORDER BY 1\nLIMIT 5",
            "SELECT * FROM (\nSELECT * FROM shop.orders o JOIN shop.other x ON o.id = x.id\n) AS"
                + " t4t_failures\nLIMIT 5");
  }

  @Test
  void anAuditReadsTheBatchAndUniqueReadsTheTargetAsItWouldBeAfterTheWrite() {
    for (Dialect d : List.of(DUCKDB, POSTGRES, TRINO)) {
      Model m = withTests("append", "'time_column': 'updated_at'", TESTS);
      ModelRun run = incrementalRun(d, m);
      List<String> sql =
          m.config().tests().stream().map(t -> TestQueries.onBatch(t, run, d, 5)).toList();
      String with = "WITH t4t_batch AS (\n" + run.query() + "\n)\n";
      assertThat(sql.get(0))
          .as(d.name())
          .isEqualTo(
              with
                  + "SELECT * FROM t4t_batch WHERE \"id\" IS NULL OR \"status\" IS NULL\n"
                  + "ORDER BY 1\nLIMIT 5");
      String cols = "\"id\", \"status\", \"updated_at\"";
      // Trino has no transactions: append skips rows already in the window, and so does the audit
      String added =
          d == TRINO
              ? "(SELECT "
                  + cols
                  + " FROM t4t_batch EXCEPT ALL SELECT "
                  + cols
                  + " FROM \"shop\".\"orders\" WHERE \"updated_at\" > "
                  + run.window().get(0).boundSql()
                  + ")"
              : "SELECT " + cols + " FROM t4t_batch";
      assertThat(sql.get(1))
          .as(d.name())
          .isEqualTo(
              "WITH t4t_batch AS (\n"
                  + run.query()
                  + "\n),\nt4t_after AS (\nSELECT "
                  + cols
                  + " FROM \"shop\".\"orders\"\nUNION ALL\n"
                  + added
                  + "\n)\nSELECT \"id\", COUNT(*) AS t4t_rows FROM t4t_after WHERE \"id\" IS NOT"
                  + " NULL GROUP BY \"id\" HAVING COUNT(*) > 1\nORDER BY 1\nLIMIT 5");
      // the custom test's read of the model itself reads the batch; other tables stay
      assertThat(sql.get(4))
          .as(d.name())
          .isEqualTo(
              with
                  + "SELECT * FROM (\nSELECT * FROM t4t_batch o JOIN shop.other x ON o.id = x.id\n)"
                  + " AS t4t_failures\nLIMIT 5");
    }
  }

  @Test
  void aMergeAuditKeepsTargetRowsWhoseKeysTheBatchDoesNotReplace() {
    Model m =
        withTests(
            "merge",
            "'unique_key': ['id'], 'time_column': 'updated_at'",
            "{'test': 'unique', 'columns': ['status']}");
    ModelRun run = incrementalRun(DUCKDB, m);
    assertThat(TestQueries.onBatch(m.config().tests().get(0), run, DUCKDB, 5))
        .contains(
            "t4t_after AS (\nSELECT \"id\", \"status\", \"updated_at\" FROM \"shop\".\"orders\" AS"
                + " t4t_target WHERE NOT EXISTS (SELECT 1 FROM t4t_batch AS t4t_new WHERE"
                + " t4t_new.\"id\" = t4t_target.\"id\")\nUNION ALL\nSELECT \"id\", \"status\","
                + " \"updated_at\" FROM t4t_batch\n)");
  }

  @Test
  void aDeleteInsertAuditKeepsTargetRowsTheDeleteDoesNotSelect() {
    Model m =
        withTests(
            "delete_insert",
            "'time_column': 'updated_at'",
            "{'test': 'unique', 'columns': ['id']}");
    ModelRun run = incrementalRun(TRINO, m);
    assertThat(TestQueries.onBatch(m.config().tests().get(0), run, TRINO, 5))
        .contains(
            " FROM \"shop\".\"orders\" WHERE NOT COALESCE((\"updated_at\" > "
                + run.window().get(0).boundSql()
                + "), FALSE)\nUNION ALL\nSELECT \"id\", \"status\", \"updated_at\" FROM t4t_batch\n)");
  }
}
