package io.t4t.core.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.dialect.PostgresDialect;
import io.t4t.core.error.InvalidInputException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelSqlTest {
  private static final DuckDbDialect D = new DuckDbDialect();
  private static final List<Condition> AFTER =
      List.of(Condition.of("updated_at", ">", Literals.fromString("2024-01-15"), D));

  @Test
  void hashIgnoresCommentsAndFormatting() {
    ModelSql a = ModelSql.parse("a.sql", "-- note\nSELECT id, name\nFROM s.t\nWHERE x = 1");
    ModelSql b = ModelSql.parse("b.sql", "select   id,name from s.t where x=1 /* other */;");
    ModelSql c = ModelSql.parse("c.sql", "SELECT id, name FROM s.t WHERE x = 2");
    assertThat(a.hash()).isEqualTo(b.hash()).hasSize(64);
    assertThat(c.hash()).isNotEqualTo(a.hash());
  }

  @Test
  void findsTablesButNotCteNames() {
    ModelSql sql =
        ModelSql.parse(
            "m.sql",
            "WITH recent AS (SELECT * FROM raw.events) SELECT * FROM recent r JOIN"
                + " \"Analytics\".users u ON r.uid = u.id UNION ALL SELECT * FROM db.main.more");
    assertThat(sql.tableRefs())
        .extracting(TableRef::toString)
        .containsExactlyInAnyOrder("raw.events", "analytics.users", "db.main.more");
  }

  @Test
  void findsTheFilesAModelReadsNamedByTheirFolder() {
    ModelSql sql =
        ModelSql.parse(
            "m.sql",
            "SELECT * FROM read_csv('landing/orders/*.csv', header = true) o JOIN raw.x USING (id)"
                + " UNION ALL SELECT * FROM read_parquet('./lake/2024/**/*.parquet')"
                + " UNION ALL SELECT * FROM read_json('dumps/one.json')");
    assertThat(sql.fileSources(D.fileReaders()))
        .containsExactly("dumps/one.json", "lake/2024", "landing/orders");
    assertThat(sql.tableRefs()).extracting(TableRef::toString).containsExactly("raw.x");
    assertThat(FileSources.sourceName("*.csv")).isEqualTo(".");
  }

  /** Which table functions read files is the dialect's to say, not the parser's. */
  @Test
  void fileReadersAreTheOnesTheDialectDeclares() {
    ModelSql sql =
        ModelSql.parse(
            "m.sql",
            "SELECT * FROM read_csv('landing/a.csv') UNION ALL SELECT * FROM unnest('not/a/file')");
    assertThat(sql.fileSources(D.fileReaders())).containsExactly("landing/a.csv");
    assertThat(sql.fileSources(Set.of("unnest"))).containsExactly("not/a/file");
    assertThat(new PostgresDialect().fileReaders()).isEmpty();
    assertThat(sql.fileSources(new PostgresDialect().fileReaders())).isEmpty();
  }

  @Test
  void injectsIntoTheWhereOfAPlainSelectOnTheSourceColumn() {
    ModelSql sql =
        ModelSql.parse("m.sql", "SELECT id, e.ts AS updated_at FROM raw.events e WHERE ok");
    assertThat(sql.render(AFTER, Map.of(), D))
        .isEqualTo(
            "SELECT id, e.ts AS updated_at FROM raw.events e WHERE ok AND e.ts > DATE '2024-01-15'");
    assertThat(ModelSql.parse("m.sql", "SELECT * FROM raw.events").render(AFTER, Map.of(), D))
        .isEqualTo("SELECT * FROM raw.events WHERE updated_at > DATE '2024-01-15'");
  }

  @Test
  void keepsCtesAndInjectsIntoTheMainQuery() {
    ModelSql sql =
        ModelSql.parse(
            "m.sql",
            "WITH x AS (SELECT id, updated_at FROM raw.events WHERE updated_at < now()) SELECT id,"
                + " updated_at FROM x");
    assertThat(sql.render(AFTER, Map.of(), D))
        .isEqualTo(
            "WITH x AS (SELECT id, updated_at FROM raw.events WHERE updated_at < now()) SELECT id,"
                + " updated_at FROM x WHERE updated_at > DATE '2024-01-15'");
  }

  @Test
  void wrapsUnionsAggregatesWindowsAndComputedColumns() {
    String wrapped =
        "SELECT * FROM (%s) AS t4t_model WHERE t4t_model.updated_at > DATE '2024-01-15'";
    for (String q :
        List.of(
            "SELECT id, updated_at FROM a UNION ALL SELECT id, updated_at FROM b",
            "SELECT id, max(ts) AS updated_at FROM a GROUP BY id",
            "SELECT DISTINCT id, updated_at FROM a",
            "SELECT id, updated_at, row_number() OVER (PARTITION BY id ORDER BY updated_at) AS rn"
                + " FROM a",
            "SELECT id, updated_at FROM a LIMIT 10",
            "SELECT id, coalesce(u, v) AS updated_at FROM a",
            "SELECT * FROM a JOIN b ON a.id = b.id",
            "SELECT * REPLACE (ts + INTERVAL 1 HOUR AS updated_at) FROM a",
            "SELECT * EXCLUDE (updated_at), now() AS updated_at FROM a")) {
      ModelSql sql = ModelSql.parse("m.sql", q);
      assertThat(sql.render(AFTER, Map.of(), D)).isEqualTo(wrapped.formatted(sql.canonical()));
    }
  }

  @Test
  void variablesRenderAsTypedLiteralsNeverAsText() {
    ModelSql sql =
        ModelSql.parse(
            "m.sql",
            "SELECT * FROM t WHERE d >= @start AND n = {{ who }} AND label = '{{ not_a_var }}'");
    assertThat(sql.variables()).containsExactly("start", "who");
    String rendered =
        sql.render(
            Map.of(
                "start", Literals.fromString("2024-01-01"),
                "who", Literals.fromString("x'; DROP TABLE t; --")),
            D);
    assertThat(rendered)
        .isEqualTo(
            "SELECT * FROM t WHERE d >= DATE '2024-01-01' AND n = 'x''; DROP TABLE t; --' AND"
                + " label = '{{ not_a_var }}'");
    assertThatThrownBy(() -> sql.render(Map.of("start", new SqlValue.Null()), D))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("variable 'who' is not set");
  }

  @Test
  void negativeValuesCannotTurnIntoComments() {
    ModelSql sql = ModelSql.parse("m.sql", "SELECT * FROM t WHERE amount > -@v");
    assertThat(sql.render(Map.of("v", Literals.fromJson("v", -5)), D))
        .isEqualTo("SELECT * FROM t WHERE amount > -(-5)");
  }

  @Test
  void conditionsRenderWithTypedVariables() {
    assertThat(ModelSql.conditionVariables("m.py", "updated_at >= @start_date AND k = {{ k }}"))
        .containsExactly("k", "start_date");
    assertThat(
            ModelSql.renderCondition(
                "m.py",
                "updated_at >= @start_date",
                Map.of("start_date", Literals.fromString("2024-01-01 10:00:00")),
                D))
        .isEqualTo("updated_at >= TIMESTAMP '2024-01-01 10:00:00'");
    assertThatThrownBy(() -> ModelSql.conditionVariables("m.py", "updated_at >="))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Invalid where_condition 'updated_at >='");
  }

  @Test
  void rejectsWhatIsNotOneSelect() {
    assertThatThrownBy(() -> ModelSql.parse("models/s/m.sql", "DELETE FROM t"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("models/s/m.sql")
        .hasMessageContaining("must be a single SELECT");
    assertThatThrownBy(() -> ModelSql.parse("models/s/m.sql", "SELEC id FROM t"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("Invalid SQL in models/s/m.sql");
    assertThatThrownBy(() -> ModelSql.parse("models/s/m.sql", "SELECT {{ 1x }}"))
        .hasMessageContaining("Invalid variable '{{ 1x }}'");
  }

  @Test
  void typesUserValues() {
    assertThat(Literals.fromString("2024-01-01")).isInstanceOf(SqlValue.Date.class);
    assertThat(Literals.fromString("2024-01-01T10:00:00")).isInstanceOf(SqlValue.Timestamp.class);
    assertThat(Literals.fromString("2024-01-01 10:00:00+02"))
        .isInstanceOf(SqlValue.TimestampTz.class);
    assertThat(Literals.fromString("42")).isInstanceOf(SqlValue.Number.class);
    assertThat(Literals.fromString("hello")).isInstanceOf(SqlValue.Text.class);
    assertThatThrownBy(() -> Literals.fromString("2024-13-45"))
        .hasMessageContaining("Invalid date or timestamp '2024-13-45'");
    assertThat(Literals.laterWatermark("2024-01-02T00:00:00", "2024-01-10T00:00:00"))
        .isEqualTo("2024-01-10T00:00:00");
    assertThat(Literals.laterWatermark("9", "10")).isEqualTo("10");
    assertThat(Literals.laterWatermark(null, "10")).isEqualTo("10");
  }
}
