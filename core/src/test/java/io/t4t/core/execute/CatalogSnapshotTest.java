package io.t4t.core.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.plan.Catalog;
import io.t4t.core.plan.TargetInfo;
import io.t4t.core.testing.SqlLog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One catalog query describes DuckDB's relations exactly as a probe of each one does. */
class CatalogSnapshotTest {

  @Test
  void describesEveryTypeKindAndAbsenceAsAProbeDoes() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Warehouse w = new Warehouse(c, new DuckDbDialect(), "memory")) {
      w.execute("CREATE SCHEMA s");
      w.execute("CREATE TYPE mood AS ENUM ('sad', 'happy')");
      w.execute(
          "CREATE TABLE s.wide (a DECIMAL(18,3), b TIMESTAMP WITH TIME ZONE, c TIMESTAMP, d DATE,"
              + " e INTEGER[], f STRUCT(x INTEGER, \"Y z\" VARCHAR), g MAP(VARCHAR, INTEGER),"
              + " h mood, i UUID, j BLOB, k HUGEINT, l INTERVAL, m TIME, n VARCHAR(10), o BOOLEAN,"
              + " p DOUBLE, q FLOAT, r UBIGINT, t UNION(n INTEGER, s VARCHAR), u TIMESTAMP_NS,"
              + " v INTEGER[3], w JSON, \"Mixed Case\" TINYINT)");
      w.execute("INSERT INTO s.wide (a) VALUES (1)");
      w.execute("CREATE TABLE s.\"Shouty\" (id INTEGER)");
      w.execute("CREATE VIEW s.seen AS SELECT a, h FROM s.wide");
      List<TableName> tables = new ArrayList<>();
      for (String name : List.of("wide", "shouty", "seen", "missing")) {
        tables.add(new TableName("s", name));
      }
      for (int i = 0; i < CatalogSnapshot.WORTH_IT; i++) {
        tables.add(new TableName("s", "absent" + i));
      }
      w.execute("CREATE TABLE s.emptied AS SELECT 1 AS id");
      w.execute("DELETE FROM s.emptied");
      tables.add(new TableName("s", "emptied"));
      Catalog bulk = w.catalogFor(tables);
      Catalog bulkWithRows = w.catalogFor(tables, tables); // emptiness asked together
      assertThat(bulk).isInstanceOf(CatalogSnapshot.class);
      for (TableName t : tables) {
        for (boolean rows : new boolean[] {true, false}) {
          TargetInfo probed = w.describe(t, null, rows);
          assertThat(bulk.describe(t, null, rows)).as(t + " rows=" + rows).isEqualTo(probed);
          assertThat(bulkWithRows.describe(t, null, rows)).as(t + " " + rows).isEqualTo(probed);
        }
      }
      assertThat(bulkWithRows.describe(new TableName("s", "emptied"), null, true).empty()).isTrue();
      assertThat(bulkWithRows.describe(new TableName("s", "wide"), null, true).empty()).isFalse();
      assertThat(bulk.describe(new TableName("s", "wide"), null, true).types())
          .contains("ENUM", "DECIMAL(18,3)", "STRUCT(x INTEGER, \"Y z\" VARCHAR)");
      assertThat(bulk.describe(new TableName("s", "seen"), null, true).kind())
          .isEqualTo(TargetInfo.Kind.VIEW);
      assertThat(w.catalogFor(tables.subList(0, 3))).isSameAs(w); // a few: one probe each
    }
  }

  @Test
  void manyModelsCostOneCatalogQueryAndAnEmptinessProbeOnlyWhereAsked() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Warehouse w = new Warehouse(c, new DuckDbDialect(), "memory")) {
      List<TableName> tables = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        w.execute("CREATE TABLE t" + i + " AS SELECT " + i + " AS v");
        tables.add(new TableName("main", "t" + i));
      }
      List<String> statements =
          SqlLog.during(
              () -> {
                Catalog bulk = w.catalogFor(tables);
                for (TableName t : tables) {
                  bulk.describe(t, null, t.name().equals("t7"));
                }
              });
      assertThat(statements).hasSize(2);
      assertThat(statements.get(0)).contains("information_schema.columns");
      assertThat(statements.get(1)).contains("\"t7\"").contains("LIMIT 1");
      // asked together: whether each table is empty, in the same pass, whatever the plans ask
      statements =
          SqlLog.during(
              () -> {
                Catalog withRows = w.catalogFor(tables, tables);
                for (TableName t : tables) {
                  assertThat(withRows.describe(t, null, true).empty()).isFalse();
                }
              });
      assertThat(statements).hasSize(2);
      assertThat(statements.get(1)).contains("EXISTS");
    }
  }
}
