package io.t4t.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/schema_change as its README walks through it: the source grows a column, {@code t4t
 * plan} shows the change, and the next build adds the column (on_schema_change =
 * append_new_columns).
 */
class SchemaChangeExampleTest {
  private static final String SEED = "seeds/raw/orders.csv";

  @TempDir Path dir;

  @Test
  void aNewSourceColumnIsShownByPlanThenAddedByTheNextRun() {
    ExampleCopy example = ExampleCopy.of("schema_change", dir);
    ExampleCopy.Result build = example.run("build");
    assertThat(build.exitCode()).as(build.toString()).isZero();

    example.write(
        SEED,
        "order_id,amount,ordered_at,channel\n"
            + "1,10.50,2024-03-01 09:00:00,web\n"
            + "2,20.00,2024-03-01 10:30:00,web\n"
            + "3,7.25,2024-03-02 08:15:00,shop\n"
            + "4,12.00,2024-03-03 11:00:00,web\n");
    ExampleCopy.Result seed = example.run("seed");
    assertThat(seed.exitCode()).as(seed.toString()).isZero();
    ExampleCopy.Result plan = example.run("plan");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
    assertThat(plan.out())
        .contains("marts.orders_wide")
        .contains("INCREMENTAL")
        .contains(
            "schema changed (added column 'channel' VARCHAR): add column 'channel' VARCHAR before"
                + " loading (on_schema_change = append_new_columns)");

    ExampleCopy.Result again = example.run("build");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err()).contains("Added column 'channel' VARCHAR to marts.orders_wide");
    assertThat(
            example.queryWarehouse(
                "SELECT order_id, channel FROM marts.orders_wide ORDER BY order_id"))
        .containsExactly(
            List.of("1", "null"), List.of("2", "null"), List.of("3", "null"), List.of("4", "web"));
  }

  @Test
  void theProjectDefaultFailRefusesTheChangeNamingTheColumn() {
    ExampleCopy example = ExampleCopy.of("schema_change", dir);
    assertThat(example.run("build").exitCode()).isZero();
    example.replace(
        "models/marts/orders_wide.py", "    \"on_schema_change\": \"append_new_columns\",\n", "");
    example.write(
        SEED,
        "order_id,amount,ordered_at,channel\n1,10.50,2024-03-01 09:00:00,web\n"
            + "4,12.00,2024-03-03 11:00:00,web\n");

    ExampleCopy.Result r = example.run("build");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains("Cannot load marts.orders_wide incrementally")
        .contains("added column 'channel' VARCHAR")
        .contains("on_schema_change is \"fail\"");
    assertThat(example.queryWarehouse("SELECT count(*) FROM marts.orders_wide"))
        .containsExactly(List.of("3"));
  }
}
