package io.t4t.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.testing.trino.TrinoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both example projects on a real Trino 476 writing to Iceberg, through {@code --target}: the same
 * models give the same tables as on DuckDB, incrementally and after a full refresh. Skipped, with
 * one line saying how to enable it, where no JDK 24+ is installed.
 */
class TrinoExamplesTest {
  private static TrinoServer trino;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    var s = TrinoServer.shared();
    Assumptions.assumeTrue(s.isPresent(), TrinoServer::unavailable);
    trino = s.get();
  }

  /** Adds {@code [targets.trinotest]} writing to a fresh Iceberg catalog {@code catalog}. */
  private static void target(ExampleCopy example, String catalog, String schema)
      throws IOException {
    trino.createCatalog(catalog);
    Files.writeString(
        example.root.resolve("project.toml"),
        "\n[targets.trinotest]\ntype = \"trino\"\nhost = \"127.0.0.1\"\nport = "
            + trino.port()
            + "\ncatalog = \""
            + catalog
            + "\"\nuser = \"t4t\"\nschema = \""
            + schema
            + "\"\n",
        StandardOpenOption.APPEND);
  }

  @Test
  void theShopRunsOnTrinoWithTheSameResultsAsOnDuckDb() throws Exception {
    ExampleCopy onDuck = ExampleCopy.of("shop", dir.resolve("duck"));
    ExampleCopy onTrino = ExampleCopy.of("shop", dir.resolve("trino"));
    target(onTrino, "shop", "marts");
    // a [fan_out] meant for other engines does not apply on Trino: one sink per model run
    Files.writeString(
        onTrino.root.resolve("project.toml"),
        "\n[fan_out]\nbuckets = 3\nmin_rows = 1\n",
        StandardOpenOption.APPEND);
    // through executors (--transport kafka), where other engines would fan out
    String[] args = {
      "--target", "trinotest", "--exclude", "marts.web_events", "--transport", "kafka"
    };

    assertThat(onDuck.run("build").exitCode()).isZero();
    ExampleCopy.Result build = onTrino.run("build", args);
    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.err())
        .contains("fan_out.buckets = 3 does not apply on Trino")
        .contains("Created view: staging.paid_orders")
        .contains("Completed: 5 succeeded, 0 failed, 0 skipped");

    String[] changes = ExampleCopy.SHOP_CHANGES;
    onDuck.executeOnWarehouse(changes);
    sql("shop", changes);
    assertThat(onDuck.run("run").exitCode()).isZero();
    ExampleCopy.Result again = onTrino.run("run", args);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err())
        .contains("Running incremental append for marts.order_log")
        .contains("Running incremental merge for marts.customers")
        .contains("Running incremental delete_insert for marts.daily_revenue")
        .doesNotContain("buckets applied");

    List<List<String>> incremental = query("shop", TABLES_TRINO);
    assertThat(incremental).isEqualTo(onDuck.queryWarehouse(TABLES_DUCKDB));
    ExampleCopy.Result full = onTrino.run("run", "--full-refresh", "--target", "trinotest");
    assertThat(full.exitCode()).as(full.toString()).isNotZero();
    assertThat(full.err())
        .contains("Cannot run marts.web_events on Trino: it reads files")
        .contains("--exclude marts.web_events")
        .contains("Completed: 5 succeeded, 1 failed, 0 skipped");
    assertThat(query("shop", TABLES_TRINO)).isEqualTo(incremental);
    // seeds reload with one CREATE OR REPLACE: the view over raw.orders survives
    assertThat(onTrino.run("seed", "--target", "trinotest").exitCode()).isZero();
    assertThat(query("shop", "SELECT count(*) FROM staging.paid_orders").get(0).get(0))
        .isNotEqualTo("0");
  }

  @Test
  void theSeedProjectRunsOnTrino() throws Exception {
    ExampleCopy example = ExampleCopy.in(dir);
    target(example, "t_project", "my_schema");
    ExampleCopy.Result build = example.run("build", "--target", "trinotest");
    assertThat(build.exitCode()).as(build.toString()).isZero();
    ExampleCopy.Result again = example.run("run", "--target", "trinotest");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err())
        .contains("Running incremental merge for " + ExampleCopy.MODEL + " with auto start_date");
    ExampleCopy duck = ExampleCopy.of("t_project", dir.resolve("duck"));
    assertThat(duck.run("build").exitCode()).isZero();
    String q = "SELECT id, name, status FROM my_schema.incremental_example ORDER BY id";
    assertThat(query("t_project", q)).isEqualTo(duck.queryWarehouse(q)).isNotEmpty();
    ExampleCopy.Result state = example.run("state show", "--target", "trinotest");
    assertThat(state.out()).contains(ExampleCopy.MODEL);
  }

  private static String tables(String aggregateCountries) {
    String money = "CAST(CAST(round(sum(%s), 2) AS DECIMAL(18,2)) AS VARCHAR)";
    return "SELECT 'log', count(*), "
        + money.formatted("amount")
        + " FROM marts.order_log UNION ALL SELECT 'customers', count(*), "
        + aggregateCountries
        + " FROM marts.customers UNION ALL SELECT 'daily', count(*), "
        + money.formatted("revenue")
        + " FROM marts.daily_revenue UNION ALL SELECT 'country', count(*), "
        + money.formatted("revenue")
        + " FROM marts.revenue_by_country ORDER BY 1";
  }

  private static final String TABLES_TRINO =
      tables("array_join(array_agg(country ORDER BY customer_id), ',')");
  private static final String TABLES_DUCKDB =
      tables("array_to_string(list(country ORDER BY customer_id), ',')");

  private static void sql(String catalog, String... statements) throws SQLException {
    ExampleCopy.execute(trino.connect(catalog), statements);
  }

  private static List<List<String>> query(String catalog, String q) throws SQLException {
    return ExampleCopy.rows(trino.connect(catalog), q);
  }
}
