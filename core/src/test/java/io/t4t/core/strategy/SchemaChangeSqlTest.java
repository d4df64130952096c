package io.t4t.core.strategy;

import static io.t4t.core.testing.TestModels.incremental;
import static io.t4t.core.testing.TestModels.model;
import static io.t4t.core.testing.TestModels.project;
import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.dialect.PostgresDialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.dialect.TrinoDialect;
import io.t4t.core.plan.Catalog;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.plan.RunMode;
import io.t4t.core.plan.TargetInfo;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelConfigHash;
import io.t4t.events.ModelState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden SQL of schema changes (on_schema_change = sync_all_columns) per dialect, without a
 * database: the table gains {@code note}, loses {@code status} and {@code amount} widens from
 * INTEGER to BIGINT (or, where named, to VARCHAR).
 */
class SchemaChangeSqlTest {
  private static final String SQL = "SELECT * FROM raw.src";
  private static final TargetInfo TABLE =
      new TargetInfo(
          TargetInfo.Kind.TABLE,
          List.of("id", "updated_at", "amount", "status"),
          List.of("INTEGER", "TIMESTAMP", "INTEGER", "VARCHAR"),
          false);

  private static TargetInfo query(String amountType) {
    return new TargetInfo(
        TargetInfo.Kind.TABLE,
        List.of("id", "updated_at", "amount", "note"),
        List.of("INTEGER", "TIMESTAMP", amountType, "VARCHAR"),
        true);
  }

  private static Model append(String mode) {
    return model(
        "s.m",
        SQL,
        "{'on_schema_change': '"
            + mode
            + "', "
            + incremental("append", "'time_column': 'updated_at'").substring(1));
  }

  private static ModelRun plan(Dialect d, Model m, TargetInfo query) {
    Catalog catalog =
        new Catalog() {
          @Override
          public TargetInfo describe(TableName table, TargetInfo.Kind knownKind, boolean rows) {
            return TABLE;
          }

          @Override
          public TargetInfo describeQuery(String sql) {
            return query;
          }
        };
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
    return new Planner(project(m), d, catalog, Map.of(), null, java.util.Set.of())
        .plan(m, state, false);
  }

  private static List<String> sql(Dialect d, ModelRun run) {
    return Strategy.forRun(run).steps(run, d).stream().map(Step::sql).toList();
  }

  @Test
  void duckDbAddsRetypesAndDropsInTheLoadsTransaction() {
    ModelRun run = plan(new DuckDbDialect(), append("sync_all_columns"), query("BIGINT"));
    assertThat(run.mode()).isEqualTo(RunMode.INCREMENTAL);
    assertThat(sql(new DuckDbDialect(), run).subList(0, 5))
        .containsExactly(
            "SELECT index_name FROM duckdb_indexes() WHERE schema_name = 's' AND table_name = 'm'"
                + " ORDER BY index_name",
            "ALTER TABLE \"s\".\"m\" ADD COLUMN \"note\" VARCHAR",
            "ALTER TABLE \"s\".\"m\" ALTER COLUMN \"amount\" SET DATA TYPE BIGINT USING"
                + " CAST(\"amount\" AS BIGINT)",
            "ALTER TABLE \"s\".\"m\" DROP COLUMN \"status\"",
            "INSERT INTO \"s\".\"m\" (\"id\", \"updated_at\", \"amount\", \"note\")\n"
                + "SELECT \"id\", \"updated_at\", \"amount\", \"note\" FROM (\n"
                + "SELECT * FROM raw.src WHERE updated_at > CAST('2024-01-15T10:30:00' AS TIMESTAMP)\n"
                + ") AS t4t_src");
  }

  @Test
  void postgresConvertsATypeWithACast() {
    ModelRun run = plan(new PostgresDialect(), append("sync_all_columns"), query("VARCHAR"));
    assertThat(sql(new PostgresDialect(), run).subList(0, 3))
        .containsExactly(
            "ALTER TABLE \"s\".\"m\" ADD COLUMN \"note\" VARCHAR",
            "ALTER TABLE \"s\".\"m\" ALTER COLUMN \"amount\" SET DATA TYPE VARCHAR USING"
                + " CAST(\"amount\" AS VARCHAR)",
            "ALTER TABLE \"s\".\"m\" DROP COLUMN \"status\"");
  }

  @Test
  void trinoProbesTheQueryFirstAndWidensOnlyWhatIcebergPromotes() {
    Dialect trino = new TrinoDialect();
    ModelRun run = plan(trino, append("sync_all_columns"), query("BIGINT"));
    assertThat(sql(trino, run).subList(0, 4))
        .containsExactly(
            "SELECT * FROM (\n"
                + "SELECT * FROM raw.src WHERE updated_at > CAST(TIMESTAMP '2024-01-15 10:30:00.000000' AS TIMESTAMP)\n"
                + ") AS t4t_delta LIMIT 0",
            "ALTER TABLE \"s\".\"m\" ADD COLUMN \"note\" VARCHAR",
            "ALTER TABLE \"s\".\"m\" ALTER COLUMN \"amount\" SET DATA TYPE BIGINT",
            "ALTER TABLE \"s\".\"m\" DROP COLUMN \"status\"");
    ModelRun rebuild = plan(trino, append("sync_all_columns"), query("VARCHAR"));
    assertThat(rebuild.mode()).isEqualTo(RunMode.FULL);
    assertThat(rebuild.reason())
        .contains("Trino cannot change column 'amount' INTEGER -> VARCHAR in place")
        .contains("atomic build-and-swap");
    assertThat(sql(trino, rebuild).get(0))
        .isEqualTo("CREATE OR REPLACE TABLE \"s\".\"m\" AS\nSELECT * FROM raw.src");
  }

  @Test
  void appendNewColumnsOnlyAddsAndWritesNullToARemovedColumn() {
    Dialect d = new DuckDbDialect();
    ModelRun run = plan(d, append("append_new_columns"), query("INTEGER"));
    assertThat(run.reason())
        .startsWith(
            "schema changed (added column 'note' VARCHAR; removed column 'status' VARCHAR): add"
                + " column 'note' VARCHAR before loading (on_schema_change = append_new_columns)");
    assertThat(sql(d, run).subList(0, 2))
        .containsExactly(
            "ALTER TABLE \"s\".\"m\" ADD COLUMN \"note\" VARCHAR",
            "INSERT INTO \"s\".\"m\" (\"id\", \"updated_at\", \"amount\", \"note\")\n"
                + "SELECT \"id\", \"updated_at\", \"amount\", \"note\" FROM (\n"
                + "SELECT * FROM raw.src WHERE updated_at > CAST('2024-01-15T10:30:00' AS TIMESTAMP)\n"
                + ") AS t4t_src");
  }

  @Test
  void ignoreWritesTheSharedColumnsAndAltersNothing() {
    Dialect d = new PostgresDialect();
    ModelRun run = plan(d, append("ignore"), query("BIGINT"));
    assertThat(sql(d, run).get(0))
        .isEqualTo(
            "INSERT INTO \"s\".\"m\" (\"id\", \"updated_at\", \"amount\")\n"
                + "SELECT \"id\", \"updated_at\", \"amount\" FROM (\n"
                + "SELECT * FROM raw.src WHERE updated_at > CAST('2024-01-15T10:30:00' AS TIMESTAMP)\n"
                + ") AS t4t_src");
  }

  @Test
  void aRemovedTimeColumnIsRefusedEvenWhenSyncingAndOnlyAFullRefreshRebuilds() {
    TargetInfo withoutTime =
        new TargetInfo(
            TargetInfo.Kind.TABLE, List.of("id", "amount"), List.of("INTEGER", "INTEGER"), true);
    ModelRun sync = plan(new DuckDbDialect(), append("sync_all_columns"), withoutTime);
    assertThat(sync.mode()).isEqualTo(RunMode.REFUSE);
    assertThat(sync.refusal()).isEqualTo(io.t4t.events.ErrorCode.SCHEMA_CHANGED);
    assertThat(sync.reason())
        .startsWith("Cannot load s.m incrementally")
        .contains("removed column 'updated_at' TIMESTAMP")
        .contains("full_refresh");
    assertThat(plan(new DuckDbDialect(), append("full_refresh"), withoutTime).mode())
        .isEqualTo(RunMode.FULL);
  }

  @Test
  void icebergPromotesOnlyIntToBigintRealToDoubleAndWiderDecimals() {
    Dialect trino = new TrinoDialect();
    assertThat(trino.widensInPlace("INTEGER", "BIGINT")).isTrue();
    assertThat(trino.widensInPlace("REAL", "DOUBLE")).isTrue();
    assertThat(trino.widensInPlace("DECIMAL(10,2)", "DECIMAL(12,2)")).isTrue();
    assertThat(trino.widensInPlace("DECIMAL(10,2)", "DECIMAL(12,3)")).isFalse();
    assertThat(trino.widensInPlace("BIGINT", "INTEGER")).isFalse();
    assertThat(trino.widensInPlace("INTEGER", "VARCHAR")).isFalse();
  }

  private static TargetInfo queryAdding(String noteType) {
    return new TargetInfo(
        TargetInfo.Kind.TABLE,
        List.of("id", "updated_at", "amount", "status", "note"),
        List.of("INTEGER", "TIMESTAMP", "INTEGER", "VARCHAR", noteType),
        true);
  }

  @Test
  void anAddedColumnIsWrittenInTheTypeTheDialectStores() {
    Dialect trino = new TrinoDialect();
    // Iceberg stores microseconds: ADD COLUMN refuses TIMESTAMP(3) WITH TIME ZONE
    assertThat(
            sql(
                    trino,
                    plan(
                        trino,
                        append("append_new_columns"),
                        queryAdding("TIMESTAMP(3) WITH TIME ZONE")))
                .get(1))
        .isEqualTo("ALTER TABLE \"s\".\"m\" ADD COLUMN \"note\" TIMESTAMP(6) WITH TIME ZONE");
    for (Dialect d : List.of(new DuckDbDialect(), new PostgresDialect())) {
      String decimal = d instanceof PostgresDialect ? "NUMERIC(18,3)" : "DECIMAL(18,3)";
      assertThat(sql(d, plan(d, append("append_new_columns"), queryAdding(decimal))).get(0))
          .isEqualTo("ALTER TABLE \"s\".\"m\" ADD COLUMN \"note\" " + decimal);
    }
    assertThat(trino.ddlType("TINYINT")).contains("INTEGER");
    assertThat(trino.ddlType("VARCHAR(20)")).contains("VARCHAR");
    assertThat(trino.ddlType("TIME(3)")).contains("TIME(6)");
    assertThat(trino.ddlType("ROW(A INTEGER, B VARCHAR)")).contains("ROW(A INTEGER, B VARCHAR)");
    assertThat(trino.ddlType("ARRAY(TIMESTAMP(6))")).contains("ARRAY(TIMESTAMP(6))");
    assertThat(trino.ddlType("ROW(A TIMESTAMP(3))")).isEmpty();
    assertThat(trino.ddlType("TIME(3) WITH TIME ZONE")).isEmpty();
    // a query's TIMESTAMP(3) is no change to a column Iceberg stores as TIMESTAMP(6)
    TargetInfo millis =
        new TargetInfo(
            TargetInfo.Kind.TABLE,
            List.of("id", "updated_at", "amount", "status"),
            List.of("INTEGER", "TIMESTAMP(3)", "INTEGER", "VARCHAR(20)"),
            true);
    assertThat(plan(trino, append("fail"), millis).mode()).isEqualTo(RunMode.INCREMENTAL);
  }

  @Test
  void aTypeTheEngineNamesOnlyPartlyIsRefusedByAppendNewColumnsAndRebuiltBySync() {
    // DuckDB's result metadata names an enum column ENUM, without its values; PostgreSQL's names
    // a user-defined type by its bare name
    for (Dialect d : List.of(new DuckDbDialect(), new PostgresDialect())) {
      String type = d instanceof PostgresDialect ? "MOOD" : "ENUM";
      ModelRun refused = plan(d, append("append_new_columns"), queryAdding(type));
      assertThat(refused.mode()).as(d.name()).isEqualTo(RunMode.REFUSE);
      assertThat(refused.reason())
          .as(d.name())
          .startsWith("Cannot load s.m incrementally")
          .contains(d.name() + " cannot write column 'note' " + type + " in ALTER TABLE")
          .contains("--full-refresh");
      ModelRun rebuilt = plan(d, append("sync_all_columns"), queryAdding(type));
      assertThat(rebuilt.mode()).as(d.name()).isEqualTo(RunMode.FULL);
      assertThat(rebuilt.reason())
          .as(d.name())
          .contains("cannot write column 'note' " + type)
          .contains("atomic build-and-swap");
    }
  }

  @Test
  void retypingTheTimeColumnOrTheKeyInPlaceIsRefusedForAFullRefresh() {
    TargetInfo retimed =
        new TargetInfo(
            TargetInfo.Kind.TABLE,
            List.of("id", "updated_at", "amount", "status"),
            List.of("INTEGER", "DATE", "INTEGER", "VARCHAR"),
            true);
    for (Dialect d : List.of(new DuckDbDialect(), new PostgresDialect(), new TrinoDialect())) {
      ModelRun run = plan(d, append("sync_all_columns"), retimed);
      assertThat(run.mode()).as(d.name()).isEqualTo(RunMode.REFUSE);
      assertThat(run.reason())
          .as(d.name())
          .contains("column 'updated_at' is the time column, whose type the incremental window")
          .contains("--full-refresh");
      assertThat(plan(d, append("full_refresh"), retimed).mode()).isEqualTo(RunMode.FULL);
    }
  }
}
