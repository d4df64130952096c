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

  private static List<List<String>> tables(ExampleCopy shop) {
    return shop.queryWarehouse(
        "SELECT 'log', count(*), round(sum(amount), 2)::VARCHAR FROM marts.order_log UNION ALL SELECT"
            + " 'customers', count(*), string_agg(country, ',' ORDER BY customer_id) FROM"
            + " marts.customers UNION ALL SELECT 'daily', count(*), round(sum(revenue), 2)::VARCHAR FROM"
            + " marts.daily_revenue UNION ALL SELECT 'country', count(*), round(sum(revenue), 2)::VARCHAR FROM"
            + " marts.revenue_by_country ORDER BY 1");
  }
}
