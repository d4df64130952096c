package io.t4t.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.dialect.DuckDbDialect;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableReferencesTest {
  /** A dialect quoting with backticks, to see that renamed parts are quoted by the dialect. */
  private record Backticks() implements ValueRenderer, IdentifierQuoter {
    @Override
    public String quote(String identifier) {
      return "`" + identifier.replace("`", "``") + "`";
    }

    @Override
    public String literal(SqlValue value) {
      return new DuckDbDialect().literal(value);
    }
  }

  private static final ModelSql SQL =
      ModelSql.parse(
          "m.sql",
          "WITH raw AS (SELECT 1 AS id) SELECT * FROM db.events e JOIN raw ON raw.id = e.id");

  @Test
  void renamedPartsNeedingQuotesAreQuotedByTheDialect() {
    assertThat(
            SQL.render(
                List.of(), Map.of(), new Backticks(), parts -> List.of("Main", "events`log")))
        .isEqualTo(
            "WITH raw AS (SELECT 1 AS id) SELECT * FROM `Main`.`events``log` e JOIN raw ON raw.id"
                + " = e.id");
    assertThat(
            SQL.render(
                List.of(), Map.of(), new DuckDbDialect(), parts -> List.of("Main", "events")))
        .isEqualTo(
            "WITH raw AS (SELECT 1 AS id) SELECT * FROM \"Main\".events e JOIN raw ON raw.id"
                + " = e.id");
  }

  @Test
  void cteNamesAndUnchangedNamesStayAsWritten() {
    assertThat(SQL.render(List.of(), Map.of(), new Backticks(), parts -> parts))
        .isEqualTo(SQL.render(Map.of(), new Backticks()));
    assertThat(SQL.tableRefs()).extracting(TableRef::toString).containsExactly("db.events");
  }
}
