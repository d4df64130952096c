package io.t4t.core.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.dialect.TrinoDialect;
import io.t4t.core.project.Lookback;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterInjectionTest {
  private static final ModelSql EVENTS = ModelSql.parse("m.sql", "SELECT * FROM raw.events");

  @Test
  void theBoundIsTheDialectsLiteralForTheTypedValue() {
    SqlValue text = new SqlValue.Text("x' OR 1=1 --");
    assertThat(
            EVENTS.render(
                List.of(Condition.of("k", ">=", text, new DuckDbDialect())),
                Map.of(),
                new DuckDbDialect()))
        .isEqualTo("SELECT * FROM raw.events WHERE k >= 'x'' OR 1=1 --'");
  }

  /** Printed as the dialect spells it: a parse and print would write {@code TIMESTAMP (6)}. */
  @Test
  void theBoundIsPrintedAsSpelledNotParsedBack() {
    TrinoDialect trino = new TrinoDialect();
    Lookback threeHours = Lookback.parse("3 hours", "m.py");
    SqlValue day = Literals.fromString("2024-01-15");
    Condition after =
        new Condition("d", ">", day, v -> trino.minus(trino.literal(v), "DATE", threeHours));
    assertThat(EVENTS.render(List.of(after), Map.of(), trino))
        .isEqualTo(
            "SELECT * FROM raw.events WHERE d > CAST(DATE '2024-01-15' AS TIMESTAMP(6)) - INTERVAL"
                + " '3' HOUR");
    assertThat(after.bound()).isEqualTo(day);
  }

  @Test
  void conditionsAreEqualWhenTheyFilterTheSame() {
    SqlValue day = Literals.fromString("2024-01-15");
    assertThat(Condition.of("d", ">", day, new DuckDbDialect()))
        .isEqualTo(Condition.of("d", ">", day, new DuckDbDialect()))
        .hasSameHashCodeAs(Condition.of("d", ">", day, new DuckDbDialect()))
        .isNotEqualTo(Condition.of("d", ">=", day, new DuckDbDialect()))
        .isNotEqualTo(new Condition("d", ">", day, v -> "DATE '2024-01-14'"));
  }
}
