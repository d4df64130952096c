package io.t4t.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/shop: a DAG using every materialization and strategy, run full then incrementally. */
class ShopExampleTest {
  @TempDir Path dir;

  @Test
  void buildsThenRunsIncrementallyWithTheSameResultAsAFullRefresh() {
    ExampleCopy shop = ExampleCopy.of("shop", dir);
    ExampleCopy.Result build = shop.run("build");
    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.err())
        .contains("Created view: staging.paid_orders")
        .contains("Created table: marts.order_log")
        .contains("Completed: 6 succeeded, 0 failed, 0 skipped");

    // new data arrives: a late order inside the append lookback, a changed customer
    shop.executeOnWarehouse(
        "INSERT INTO raw.orders VALUES (401, 3, 99.50, 'paid', TIMESTAMP '2024-03-28 09:00:00')",
        "UPDATE raw.customers SET country = 'SE', updated_at = TIMESTAMP '2024-03-30 00:00:00'"
            + " WHERE customer_id = 3");
    ExampleCopy.Result again = shop.run("run");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err())
        .contains("Running incremental append for marts.order_log")
        .contains("Running incremental merge for marts.customers")
        .contains("Running incremental delete_insert for marts.daily_revenue");

    List<List<String>> incremental = tables(shop);
    ExampleCopy.Result full = shop.run("run", "--full-refresh");
    assertThat(full.exitCode()).as(full.toString()).isZero();
    assertThat(tables(shop)).isEqualTo(incremental);
    assertThat(shop.queryWarehouse("SELECT count(*) FROM marts.order_log WHERE order_id = 401"))
        .containsExactly(List.of("1"));
  }

  @Test
  void aBatchFailingItsAuditIsNotPublishedAndTheModelsReadingItAreSkipped() {
    ExampleCopy shop = ExampleCopy.of("shop", dir);
    ExampleCopy.Result build = shop.run("build");
    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.out()).contains("raw.orders accepted_values(status) PASS");
    ExampleCopy.Result tested = shop.run("test");
    assertThat(tested.exitCode()).as(tested.toString()).isZero();
    assertThat(tested.out())
        .contains("marts.order_log not_null(order_id, amount) PASS")
        .contains("marts.order_log unique(order_id) PASS")
        .contains("Tests: 5 passed, 0 warned, 0 failed");
    List<List<String>> before = tables(shop);

    // a paid order arrives without an amount, next to a good one
    shop.executeOnWarehouse(
        "INSERT INTO raw.orders VALUES (401, 3, NULL, 'paid', TIMESTAMP '2024-03-28 09:00:00'),"
            + " (402, 4, 10.00, 'paid', TIMESTAMP '2024-03-28 10:00:00')");
    ExampleCopy.Result run = shop.run("run");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err())
        .contains("marts.order_log failed [AUDIT_FAILED]")
        .contains("audit not_null(order_id, amount) failed on the batch")
        .contains("failing rows: (401, 3, null, 2024-03-28 09:00")
        .contains("Skipped marts.daily_revenue");
    assertThat(tables(shop)).isEqualTo(before);
    assertThat(shop.queryWarehouse("SELECT count(*) FROM marts.order_log WHERE order_id > 400"))
        .containsExactly(List.of("0"));
  }

  private static List<List<String>> tables(ExampleCopy shop) {
    return shop.queryWarehouse(
        "SELECT 'log', count(*), round(sum(amount), 2)::VARCHAR FROM marts.order_log UNION ALL SELECT"
            + " 'customers', count(*), string_agg(country, ',' ORDER BY customer_id) FROM"
            + " marts.customers UNION ALL SELECT 'daily', count(*), round(sum(revenue), 2)::VARCHAR FROM"
            + " marts.daily_revenue UNION ALL SELECT 'country', count(*), round(sum(revenue), 2)::VARCHAR FROM"
            + " marts.revenue_by_country ORDER BY 1");
  }
}
