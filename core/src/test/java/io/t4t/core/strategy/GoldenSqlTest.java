package io.t4t.core.strategy;

import static io.t4t.core.testing.TestModels.incremental;
import static io.t4t.core.testing.TestModels.model;
import static io.t4t.core.testing.TestModels.project;
import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.dialect.RowChangeParadigm;
import io.t4t.core.dialect.TableName;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.plan.TargetInfo;
import io.t4t.core.project.Lookback;
import io.t4t.core.project.Model;
import io.t4t.core.sql.Literals;
import io.t4t.core.sql.SqlValue;
import io.t4t.events.ModelState;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact statements per strategy and dialect, with no database. A second dialect (test
 * only, MERGE paradigm and different quoting) shows strategies never depend on the engine.
 */
class GoldenSqlTest {
  private static final Dialect DUCKDB = new DuckDbDialect();
  private static final Dialect MERGE_ENGINE = new MergeEngineDialect();
  private static final Dialect POSTGRES = new io.t4t.core.dialect.PostgresDialect();
  private static final Dialect TRINO = new io.t4t.core.dialect.TrinoDialect();

  private static final String SQL =
      "-- comment\nSELECT id, name, created_at, updated_at, status\nFROM raw.src\nWHERE status = 'active'";
  private static final TargetInfo TABLE =
      new TargetInfo(
          TargetInfo.Kind.TABLE,
          List.of("id", "name", "created_at", "updated_at", "status"),
          List.of("INTEGER", "VARCHAR", "TIMESTAMP", "TIMESTAMP", "VARCHAR"),
          false);
  private static final ModelState STATE_AFTER_FIRST_RUN = null;

  private static List<String> sql(
      Dialect d, Model m, TargetInfo target, boolean incremental, Map<String, SqlValue> vars) {
    return steps(d, m, target, incremental, vars).stream().map(Step::sql).toList();
  }

  /** The steps of the model's run: its first build, or an incremental run after a first one. */
  private static List<Step> steps(
      Dialect d, Model m, TargetInfo target, boolean incremental, Map<String, SqlValue> vars) {
    Planner planner =
        new Planner(project(m), d, (t, known, rows) -> target, vars, null, java.util.Set.of());
    ModelState state =
        incremental
            ? new ModelState(
                m.name().toString(),
                "incremental",
                null,
                m.sql().hash(),
                io.t4t.core.project.ModelConfigHash.of(m.config()),
                "2024-01-15T10:30:00",
                m.config().strategyName(),
                "r1",
                1)
            : STATE_AFTER_FIRST_RUN;
    ModelRun run = planner.plan(m, state, false);
    return Strategy.forRun(run).steps(run, d);
  }

  @Test
  void appendFirstRunStartsAtTheLiteralStartDate() {
    Model m =
        model(
            "my_schema.m",
            SQL,
            incremental(
                "append",
                "'time_column': 'created_at', 'start_date': '2024-01-01', 'lookback': '7 days'"));
    assertThat(sql(DUCKDB, m, TargetInfo.NONE, false, Map.of()))
        .containsExactly(
            "CREATE OR REPLACE TABLE \"my_schema\".\"m\" AS\n"
                + "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active' AND created_at >= DATE '2024-01-01'",
            "SELECT count(*) AS rows_written, max(\"created_at\") AS watermark FROM \"my_schema\".\"m\"");
  }

  @Test
  void appendWithLookbackSkipsRowsAlreadyLoaded() {
    Model m =
        model(
            "my_schema.m",
            SQL,
            incremental(
                "append",
                "'time_column': 'created_at', 'start_date': '2024-01-01', 'lookback': '7 days'"));
    String window = "CAST('2024-01-15T10:30:00' AS TIMESTAMP) - INTERVAL '7 days'";
    assertThat(sql(DUCKDB, m, TABLE, true, Map.of()))
        .containsExactly(
            "INSERT INTO \"my_schema\".\"m\" (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\")\n"
                + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM (\n"
                + "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active' AND created_at > "
                + window
                + " AND created_at >= DATE '2024-01-01'\n"
                + ") AS t4t_src\n"
                + "EXCEPT ALL\n"
                + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM \"my_schema\".\"m\" WHERE \"created_at\" > "
                + window
                + " AND \"created_at\" >= DATE '2024-01-01'",
            "SELECT NULL AS rows_written, max(\"created_at\") AS watermark FROM \"my_schema\".\"m\" WHERE \"created_at\" > "
                + window
                + " AND \"created_at\" >= DATE '2024-01-01'");
  }

  @Test
  void appendWithoutLookbackInsertsOnlyNewerRows() {
    Model m = model("s.m", SQL, incremental("append", "'time_column': 'created_at'"));
    assertThat(sql(DUCKDB, m, TABLE, true, Map.of()))
        .containsExactly(
            "INSERT INTO \"s\".\"m\" (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\")\n"
                + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM (\n"
                + "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active' AND created_at > CAST('2024-01-15T10:30:00' AS TIMESTAMP)\n"
                + ") AS t4t_src",
            "SELECT NULL AS rows_written, max(\"created_at\") AS watermark FROM \"s\".\"m\" WHERE \"created_at\" > CAST('2024-01-15T10:30:00' AS TIMESTAMP)");
  }

  @Test
  void mergeDeletesMatchedKeysAndInsertsOnDuckDbButMergesElsewhere() {
    Model m =
        model(
            "my_schema.m",
            SQL,
            incremental(
                "merge",
                "'unique_key': ['id'], 'time_column': 'updated_at', 'start_date': 'auto', 'lookback': '3 hours'"));
    String stage =
        "CREATE OR REPLACE TEMP TABLE \"t4t_delta\" AS\n"
            + "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active' AND updated_at > CAST('2024-01-15T10:30:00' AS TIMESTAMP) - INTERVAL '3 hours'";
    // NULL and repeated keys in one pass over the stage, NULL keys first
    String keyCheck =
        "SELECT \"id\" FROM \"t4t_delta\" GROUP BY \"id\" HAVING count(*) > 1 OR \"id\" IS NULL"
            + " ORDER BY CASE WHEN \"id\" IS NULL THEN 0 ELSE 1 END, \"id\" LIMIT 5";
    // the delta rows whose key the target holds: the rows the merge updates (t4t runs)
    String matched =
        "SELECT count(*) FROM \"t4t_delta\" AS t4t_s WHERE EXISTS (SELECT 1 FROM"
            + " \"my_schema\".\"m\" AS t4t_t WHERE t4t_t.\"id\" = t4t_s.\"id\")";
    assertThat(sql(DUCKDB, m, TABLE, true, Map.of()))
        .containsExactly(
            stage,
            keyCheck,
            matched,
            "DELETE FROM \"my_schema\".\"m\" USING \"t4t_delta\" WHERE \"my_schema\".\"m\".\"id\" = \"t4t_delta\".\"id\"",
            "INSERT INTO \"my_schema\".\"m\" (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\")\n"
                + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM (\n"
                + "SELECT * FROM \"t4t_delta\"\n"
                + ") AS t4t_src",
            "SELECT NULL AS rows_written, max(\"updated_at\") AS watermark FROM \"t4t_delta\"",
            "DROP TABLE IF EXISTS \"t4t_delta\"");
    assertThat(sql(MERGE_ENGINE, m, TABLE, true, Map.of()))
        .containsExactly(
            stage.replace("INTERVAL '3 hours'", "INTERVAL '3' HOUR"),
            keyCheck,
            matched,
            "MERGE INTO \"my_schema\".\"m\" AS t4t_target\n"
                + "USING \"t4t_delta\" AS t4t_delta\n"
                + "ON t4t_target.\"id\" = t4t_delta.\"id\"\n"
                + "WHEN MATCHED THEN UPDATE SET \"id\" = t4t_delta.\"id\", \"name\" = t4t_delta.\"name\", \"created_at\" = t4t_delta.\"created_at\", \"updated_at\" = t4t_delta.\"updated_at\", \"status\" = t4t_delta.\"status\"\n"
                + "WHEN NOT MATCHED THEN INSERT (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\") VALUES (t4t_delta.\"id\", t4t_delta.\"name\", t4t_delta.\"created_at\", t4t_delta.\"updated_at\", t4t_delta.\"status\")",
            "SELECT NULL AS rows_written, max(\"updated_at\") AS watermark FROM \"t4t_delta\"",
            "DROP TABLE IF EXISTS \"t4t_delta\"");
  }

  @Test
  void postgresUpsertsOnTheKeyIndexAndChecksDuplicatesOnlyToNameThem() {
    Model m =
        model(
            "my_schema.m",
            SQL,
            incremental("merge", "'unique_key': ['id'], 'time_column': 'updated_at'"));
    List<Step> steps = steps(POSTGRES, m, TABLE);
    assertThat(steps.stream().map(Step::sql).toList())
        .containsExactly(
            "CREATE TEMP TABLE \"t4t_delta\" ON COMMIT DROP AS\n"
                + "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active' AND updated_at > CAST('2024-01-15T10:30:00' AS TIMESTAMP)",
            "SELECT \"id\" FROM \"t4t_delta\" WHERE \"id\" IS NULL LIMIT 5",
            "SELECT count(*) FROM \"t4t_delta\" AS t4t_s WHERE EXISTS (SELECT 1 FROM"
                + " \"my_schema\".\"m\" AS t4t_t WHERE t4t_t.\"id\" = t4t_s.\"id\")",
            "CREATE UNIQUE INDEX IF NOT EXISTS \"m__t4t_key\" ON \"my_schema\".\"m\" (\"id\")",
            "INSERT INTO \"my_schema\".\"m\" (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\")\n"
                + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM \"t4t_delta\"\n"
                + "ON CONFLICT (\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\", \"created_at\" = EXCLUDED.\"created_at\", \"updated_at\" = EXCLUDED.\"updated_at\", \"status\" = EXCLUDED.\"status\"",
            "SELECT NULL AS rows_written, max(\"updated_at\") AS watermark FROM \"t4t_delta\"",
            "DROP TABLE IF EXISTS \"t4t_delta\"");
    Step.Guarded upsert = (Step.Guarded) steps.get(4);
    assertThat(upsert.explain())
        .extracting(Step.FailIfAny::sql)
        .containsExactly(
            "SELECT \"id\" FROM \"t4t_delta\" GROUP BY \"id\" HAVING count(*) > 1 ORDER BY \"id\" LIMIT 5");
  }

  @Test
  void fannedOutMergeStagesWithABucketHashAndEachSinkAppliesItsBucketInTheEnginesParadigm() {
    Model m =
        model(
            "my_schema.m",
            SQL,
            incremental("merge", "'unique_key': ['id'], 'time_column': 'updated_at'"));
    TableName stage = new TableName("_t4t", "stage_x");
    for (Dialect d : List.of(DUCKDB, POSTGRES)) {
      Planner planner =
          new Planner(project(m), d, (t, known, rows) -> TABLE, Map.of(), null, java.util.Set.of());
      ModelState state =
          new ModelState(
              "my_schema.m",
              "incremental",
              null,
              m.sql().hash(),
              io.t4t.core.project.ModelConfigHash.of(m.config()),
              "2024-01-15T10:30:00",
              "merge",
              "r1",
              1);
      ModelRun run = planner.plan(m, state, false);
      FanOutSteps.Staged staged = FanOutSteps.staged(run, d, stage, 4);
      List<String> stageSql = FanOutSteps.stage(run, d, staged).stream().map(Step::sql).toList();
      List<String> bucketSql =
          FanOutSteps.applyBucket(d, staged, 2).stream().map(Step::sql).toList();
      String rows =
          "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM"
              + " \"_t4t\".\"stage_x\" WHERE \"t4t_bucket\" = 2";
      if (d == DUCKDB) {
        assertThat(stageSql.get(0))
            .startsWith(
                "CREATE OR REPLACE TABLE \"_t4t\".\"stage_x\" AS\nSELECT t4t_q.*, (hash(\"id\") % 4)"
                    + " AS t4t_bucket FROM (");
        assertThat(bucketSql)
            .containsExactly(
                "DELETE FROM \"my_schema\".\"m\" USING (SELECT \"id\" FROM \"_t4t\".\"stage_x\" WHERE"
                    + " \"t4t_bucket\" = 2) AS t4t_keys WHERE \"my_schema\".\"m\".\"id\" = t4t_keys.\"id\"",
                "INSERT INTO \"my_schema\".\"m\" (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\")\n"
                    + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM (\n"
                    + rows
                    + "\n) AS t4t_src");
      } else {
        assertThat(stageSql.get(0))
            .startsWith(
                "CREATE UNLOGGED TABLE \"_t4t\".\"stage_x\" AS\nSELECT t4t_q.*,"
                    + " ((hash_record_extended(ROW(\"id\"), 0) & 9223372036854775807) % 4) AS"
                    + " t4t_bucket FROM (");
        assertThat(bucketSql)
            .containsExactly(
                "INSERT INTO \"my_schema\".\"m\" (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\")\n"
                    + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM (\n"
                    + rows
                    + "\n) AS t4t_bucket_rows\n"
                    + "ON CONFLICT (\"id\") DO UPDATE SET \"name\" = EXCLUDED.\"name\", \"created_at\" = EXCLUDED.\"created_at\", \"updated_at\" = EXCLUDED.\"updated_at\", \"status\" = EXCLUDED.\"status\"");
      }
      // the whole delta is checked before any bucket: DuckDB, NULL and repeated keys in one
      // grouping (the key check a merge without fan-out runs); PostgreSQL, NULL keys, then a unique
      // index on the stage, grouping only to name the keys when its build fails
      if (d == DUCKDB) {
        assertThat(stageSql.get(1))
            .isEqualTo(
                "SELECT \"id\" FROM \"_t4t\".\"stage_x\" GROUP BY \"id\" HAVING count(*) > 1"
                    + " OR \"id\" IS NULL ORDER BY CASE WHEN \"id\" IS NULL THEN 0 ELSE 1 END,"
                    + " \"id\" LIMIT 5");
      } else {
        assertThat(stageSql.subList(1, 3))
            .containsExactly(
                "SELECT \"id\" FROM \"_t4t\".\"stage_x\" WHERE \"id\" IS NULL LIMIT 5",
                "CREATE UNIQUE INDEX ON \"_t4t\".\"stage_x\" (\"id\")");
      }
    }
  }

  private static List<Step> steps(Dialect d, Model m, TargetInfo target) {
    return steps(d, m, target, true, Map.of());
  }

  @Test
  void postgresRefillsATableInPlaceWhenItsColumnsAreUnchangedElseSwapsANewOneIn() {
    Model m = model("my_schema.m", SQL, null);
    String query =
        "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active'";
    Planner same =
        new Planner(
            project(m), POSTGRES, shapeCatalog(TABLE, TABLE), Map.of(), null, java.util.Set.of());
    ModelRun refill = same.plan(m, null, false);
    assertThat(Strategy.forRun(refill).steps(refill, POSTGRES).stream().map(Step::sql).toList())
        .containsExactly(
            "DROP INDEX IF EXISTS \"my_schema\".\"m__t4t_key\"",
            "TRUNCATE TABLE \"my_schema\".\"m\"",
            "INSERT INTO \"my_schema\".\"m\" (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\")\n"
                + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM (\n"
                + query
                + "\n) AS t4t_src",
            "SELECT count(*) AS rows_written, NULL AS watermark FROM \"my_schema\".\"m\"");
    TargetInfo widened =
        new TargetInfo(
            TargetInfo.Kind.TABLE,
            TABLE.columns(),
            List.of("INTEGER", "VARCHAR(50)", "TIMESTAMP", "TIMESTAMP", "VARCHAR"),
            true);
    Planner changed =
        new Planner(
            project(m), POSTGRES, shapeCatalog(TABLE, widened), Map.of(), null, java.util.Set.of());
    ModelRun swap = changed.plan(m, null, false);
    assertThat(Strategy.forRun(swap).steps(swap, POSTGRES).stream().map(Step::sql).toList())
        .containsExactly(
            "CREATE TABLE \"my_schema\".\"m__t4t_build\" AS\n" + query,
            "DROP TABLE IF EXISTS \"my_schema\".\"m\"",
            "ALTER TABLE \"my_schema\".\"m__t4t_build\" RENAME TO \"m\"",
            "SELECT count(*) AS rows_written, NULL AS watermark FROM \"my_schema\".\"m\"");
  }

  private static io.t4t.core.plan.Catalog shapeCatalog(TargetInfo target, TargetInfo query) {
    return new io.t4t.core.plan.Catalog() {
      @Override
      public TargetInfo describe(TableName table, TargetInfo.Kind knownKind, boolean rows) {
        return target;
      }

      @Override
      public TargetInfo describeQuery(String sql) {
        return query;
      }
    };
  }

  @Test
  void mergeKeepingTheLatestRowChecksTiesThenDeduplicates() {
    Model m =
        model(
            "s.m",
            SQL,
            incremental(
                "merge",
                "'unique_key': ['id'], 'time_column': 'updated_at', 'on_duplicate_keys': 'keep_latest'"));
    List<String> steps = sql(DUCKDB, m, TABLE, true, Map.of());
    assertThat(steps.get(2))
        .isEqualTo(
            "SELECT \"id\" FROM (SELECT \"id\", rank() OVER (PARTITION BY \"id\" ORDER BY \"updated_at\" DESC NULLS LAST) AS t4t_rank FROM \"t4t_delta\") AS t4t_ranked WHERE t4t_rank = 1 GROUP BY \"id\" HAVING count(*) > 1 ORDER BY \"id\" LIMIT 5");
    assertThat(steps.get(3))
        .isEqualTo(
            "CREATE OR REPLACE TEMP TABLE \"t4t_delta_latest\" AS\n"
                + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM (SELECT *, row_number() OVER (PARTITION BY \"id\" ORDER BY \"updated_at\" DESC NULLS LAST) AS t4t_row FROM (\n"
                + "SELECT * FROM \"t4t_delta\"\n"
                + ") AS t4t_delta) AS t4t_numbered WHERE t4t_row = 1");
    assertThat(steps.get(4)).startsWith("SELECT count(*) FROM \"t4t_delta_latest\" AS t4t_s");
    assertThat(steps.get(5)).contains("USING \"t4t_delta_latest\"");
    assertThat(steps).last().isEqualTo("DROP TABLE IF EXISTS \"t4t_delta_latest\"");
  }

  @Test
  void deleteInsertBindsVariablesAsTypedLiterals() {
    Model m =
        model(
            "my_schema.m",
            SQL,
            incremental(
                "delete_insert",
                "'where_condition': 'updated_at >= @start_date', 'time_column': 'updated_at', 'start_date': '@start_date'"));
    assertThat(sql(DUCKDB, m, TABLE, true, Map.of("start_date", Literals.fromString("2024-01-01"))))
        .containsExactly(
            "DELETE FROM \"my_schema\".\"m\" WHERE updated_at >= DATE '2024-01-01'",
            "INSERT INTO \"my_schema\".\"m\" (\"id\", \"name\", \"created_at\", \"updated_at\", \"status\")\n"
                + "SELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\" FROM (\n"
                + "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active' AND updated_at >= DATE '2024-01-01'\n"
                + ") AS t4t_src",
            "SELECT NULL AS rows_written, max(\"updated_at\") AS watermark FROM \"my_schema\".\"m\" WHERE \"updated_at\" >= DATE '2024-01-01'");
  }

  @Test
  void deleteInsertWithoutConditionDeletesTheWindow() {
    Model m =
        model(
            "s.m",
            SQL,
            incremental("delete_insert", "'time_column': 'updated_at', 'lookback': '1 day'"));
    assertThat(sql(DUCKDB, m, TABLE, true, Map.of()).get(0))
        .isEqualTo(
            "DELETE FROM \"s\".\"m\" WHERE \"updated_at\" > CAST('2024-01-15T10:30:00' AS TIMESTAMP) - INTERVAL '1 day'");
  }

  @Test
  void tablesViewsAndMaterializationChanges() {
    Model table = model("s.t", "SELECT 1 AS x", null);
    assertThat(sql(DUCKDB, table, TargetInfo.NONE, false, Map.of()))
        .containsExactly(
            "CREATE OR REPLACE TABLE \"s\".\"t\" AS\nSELECT 1 AS x",
            "SELECT count(*) AS rows_written, NULL AS watermark FROM \"s\".\"t\"");
    Model view = model("s.v", "SELECT 1 AS x", "{'materialization': 'view'}");
    assertThat(sql(DUCKDB, view, TABLE, false, Map.of()))
        .containsExactly(
            "DROP TABLE IF EXISTS \"s\".\"v\"",
            "CREATE OR REPLACE VIEW \"s\".\"v\" AS\nSELECT 1 AS x");
    TargetInfo existingView = new TargetInfo(TargetInfo.Kind.VIEW, List.of(), List.of(), false);
    assertThat(sql(DUCKDB, table, existingView, false, Map.of()).get(0))
        .isEqualTo("DROP VIEW IF EXISTS \"s\".\"t\"");
  }

  @Test
  void mergeFullBuildChecksItsKeysBeforeCommitting() {
    Model m =
        model(
            "s.m",
            SQL,
            incremental("merge", "'unique_key': ['id', 'name'], 'time_column': 'updated_at'"));
    assertThat(sql(DUCKDB, m, TargetInfo.NONE, false, Map.of()))
        .containsExactly(
            "CREATE OR REPLACE TABLE \"s\".\"m\" AS\n"
                + "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active'",
            "SELECT \"id\", \"name\" FROM \"s\".\"m\" WHERE \"id\" IS NULL OR \"name\" IS NULL LIMIT 5",
            "SELECT \"id\", \"name\" FROM \"s\".\"m\" GROUP BY \"id\", \"name\" HAVING count(*) > 1 ORDER BY \"id\", \"name\" LIMIT 5",
            "SELECT count(*) AS rows_written, max(\"updated_at\") AS watermark FROM \"s\".\"m\"");
  }

  @Test
  void trinoChecksTheDeltasKeysInOneStatementThenMergesItInOneAtomicStatement() {
    Model m =
        model(
            "s.m",
            SQL,
            incremental(
                "merge",
                "'unique_key': ['id', 'name'], 'time_column': 'updated_at', 'lookback': '2 hours'"));
    String query =
        "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active' AND"
            + " updated_at > CAST(TIMESTAMP '2024-01-15 10:30:00.000000' AS TIMESTAMP) - INTERVAL"
            + " '2' HOUR";
    assertThat(sql(TRINO, m, TABLE, true, Map.of()))
        .containsExactly(
            "SELECT \"id\", \"name\" FROM (\n"
                + query
                + "\n) AS t4t_delta GROUP BY \"id\", \"name\" HAVING count(*) > 1 OR \"id\" IS NULL"
                + " OR \"name\" IS NULL ORDER BY CASE WHEN \"id\" IS NULL OR \"name\" IS NULL THEN 0"
                + " ELSE 1 END, \"id\", \"name\" LIMIT 5",
            "SELECT count(*) FROM (\n"
                + query
                + "\n) AS t4t_s WHERE EXISTS (SELECT 1 FROM \"s\".\"m\" AS t4t_t WHERE t4t_t.\"id\" ="
                + " t4t_s.\"id\" AND t4t_t.\"name\" = t4t_s.\"name\")",
            "MERGE INTO \"s\".\"m\" AS t4t_target\nUSING (\n"
                + query
                + "\n) AS t4t_delta\nON t4t_target.\"id\" = t4t_delta.\"id\" AND t4t_target.\"name\" ="
                + " t4t_delta.\"name\"\nWHEN MATCHED THEN UPDATE SET \"id\" = t4t_delta.\"id\","
                + " \"name\" = t4t_delta.\"name\", \"created_at\" = t4t_delta.\"created_at\","
                + " \"updated_at\" = t4t_delta.\"updated_at\", \"status\" = t4t_delta.\"status\"\nWHEN"
                + " NOT MATCHED THEN INSERT (\"id\", \"name\", \"created_at\", \"updated_at\","
                + " \"status\") VALUES (t4t_delta.\"id\", t4t_delta.\"name\", t4t_delta.\"created_at\","
                + " t4t_delta.\"updated_at\", t4t_delta.\"status\")",
            "SELECT NULL AS rows_written, max(\"updated_at\") AS watermark FROM \"s\".\"m\" WHERE"
                + " \"updated_at\" > CAST(TIMESTAMP '2024-01-15 10:30:00.000000' AS TIMESTAMP) -"
                + " INTERVAL '2' HOUR");
  }

  @Test
  void trinoRebuildsAMergeTableInOneCreateOrReplaceAfterCheckingTheQuerysKeys() {
    Model m =
        model(
            "s.m", SQL, incremental("merge", "'unique_key': ['id'], 'time_column': 'updated_at'"));
    String query =
        "SELECT id, name, created_at, updated_at, status FROM raw.src WHERE status = 'active'";
    assertThat(sql(TRINO, m, TABLE, false, Map.of()))
        .containsExactly(
            "SELECT \"id\" FROM (\n"
                + query
                + "\n) AS t4t_delta GROUP BY \"id\" HAVING count(*) > 1 OR \"id\" IS NULL ORDER BY"
                + " CASE WHEN \"id\" IS NULL THEN 0 ELSE 1 END, \"id\" LIMIT 5",
            "CREATE OR REPLACE TABLE \"s\".\"m\" AS\n" + query,
            "SELECT count(*) AS rows_written, max(\"updated_at\") AS watermark FROM \"s\".\"m\"");
  }

  @Test
  void trinoAppendsSkippingRowsTheWindowAlreadyHoldsSoARepeatedRunAddsNothing() {
    Model m = model("s.m", SQL, incremental("append", "'time_column': 'updated_at'"));
    List<String> statements = sql(TRINO, m, TABLE, true, Map.of());
    assertThat(statements).hasSize(2);
    assertThat(statements.get(0))
        .startsWith("INSERT INTO \"s\".\"m\" (")
        .contains(
            "\nEXCEPT ALL\nSELECT \"id\", \"name\", \"created_at\", \"updated_at\", \"status\""
                + " FROM \"s\".\"m\" WHERE \"updated_at\" > CAST(TIMESTAMP '2024-01-15"
                + " 10:30:00.000000' AS TIMESTAMP)");
    // DuckDB commits data and ledger row together: a plain insert is enough there
    assertThat(sql(DUCKDB, m, TABLE, true, Map.of()).get(0)).doesNotContain("EXCEPT ALL");
  }

  @Test
  void trinoSpellsLiteralsAndIntervalsItsOwnWay() {
    assertThat(
            TRINO.literal(
                new SqlValue.TimestampTz(java.time.OffsetDateTime.parse("2024-01-02T03:04:05Z"))))
        .isEqualTo("TIMESTAMP '2024-01-02 03:04:05.000000 UTC'");
    assertThat(
            TRINO.literal(
                new SqlValue.TimestampTz(
                    java.time.OffsetDateTime.parse("2024-01-02T03:04:05+05:30"))))
        .isEqualTo("TIMESTAMP '2024-01-02 03:04:05.000000 +05:30'");
    assertThat(TRINO.minus("ts", new Lookback(2, Lookback.Unit.WEEK)))
        .isEqualTo("ts - INTERVAL '14' DAY");
    assertThat(TRINO.minus("d", "DATE", new Lookback(12, Lookback.Unit.HOUR)))
        .isEqualTo("CAST(d AS TIMESTAMP(6)) - INTERVAL '12' HOUR");
    assertThat(TRINO.minus("d", "DATE", new Lookback(2, Lookback.Unit.DAY)))
        .isEqualTo("d - INTERVAL '2' DAY");
    assertThat(TRINO.literal(new SqlValue.Typed("2024-01-15T10:30:00", "TIMESTAMP(6)")))
        .isEqualTo("CAST(TIMESTAMP '2024-01-15 10:30:00.000000' AS TIMESTAMP(6))");
  }

  /** A test dialect: DuckDB's spelling except one MERGE per upsert and SQL-standard intervals. */
  private static final class MergeEngineDialect implements Dialect {
    private final DuckDbDialect base = new DuckDbDialect();

    @Override
    public String name() {
      return "MergeEngine";
    }

    @Override
    public Set<Capability> capabilities() {
      return Set.of(Capability.MERGE, Capability.TEMP_TABLES, Capability.TRANSACTIONS);
    }

    @Override
    public RowChangeParadigm rowChangeParadigm() {
      return RowChangeParadigm.MERGE_STATEMENT;
    }

    @Override
    public String quote(String identifier) {
      return base.quote(identifier);
    }

    @Override
    public String literal(SqlValue value) {
      return base.literal(value);
    }

    @Override
    public String minus(String expr, Lookback lookback) {
      return expr + " - INTERVAL '" + lookback.amount() + "' " + lookback.unit().name();
    }

    @Override
    public String replaceTableAs(TableName table, String query) {
      return base.replaceTableAs(table, query);
    }

    @Override
    public String createTempTableAs(String name, String query) {
      return base.createTempTableAs(name, query);
    }

    @Override
    public String dropTempTable(String name) {
      return base.dropTempTable(name);
    }

    @Override
    public boolean isMissingRelation(java.sql.SQLException e) {
      return base.isMissingRelation(e);
    }

    @Override
    public String replaceTableFromCsv(TableName table, Path csv) {
      return base.replaceTableFromCsv(table, csv);
    }

    @Override
    public String bucketOf(List<String> columns, int buckets) {
      return base.bucketOf(columns, buckets);
    }
  }
}
