package io.t4t.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both example projects on a real PostgreSQL 17 through {@code --target}: the same models give the
 * same tables as on DuckDB, incrementally and after a full refresh.
 */
class PostgresExamplesTest {
  private static EmbeddedPostgres pg;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws IOException {
    pg = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws IOException {
    pg.close();
  }

  /** Adds {@code [targets.pgtest]} pointing at the embedded server's {@code database}. */
  private static void target(ExampleCopy example, String database, String schema)
      throws IOException, SQLException {
    sql("postgres", "CREATE DATABASE " + database);
    Files.writeString(
        example.root.resolve("project.toml"),
        "\n[targets.pgtest]\ntype = \"postgres\"\nhost = \"localhost\"\nport = "
            + pg.getPort()
            + "\ndatabase = \""
            + database
            + "\"\nuser = \"postgres\"\nschema = \""
            + schema
            + "\"\n",
        StandardOpenOption.APPEND);
  }

  @Test
  void theShopRunsOnPostgresWithTheSameResultsAsOnDuckDb() throws Exception {
    ExampleCopy onDuck = ExampleCopy.of("shop", dir.resolve("duck"));
    ExampleCopy onPg = ExampleCopy.of("shop", dir.resolve("pg"));
    target(onPg, "shop", "marts");
    // every incremental merge and delete_insert fans out to 3 merge sinks, through the broker
    Files.writeString(
        onPg.root.resolve("project.toml"),
        "\n[fan_out]\nbuckets = 3\nmin_rows = 1\n",
        StandardOpenOption.APPEND);
    // through executors (--transport kafka): a run in one process applies each model in one go
    String[] pgArgs = {
      "--target", "pgtest", "--exclude", "marts.web_events", "--transport", "kafka"
    };

    assertThat(onDuck.run("build").exitCode()).isZero();
    ExampleCopy.Result build = onPg.run("build", pgArgs);
    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.err())
        .contains("Created view: staging.paid_orders")
        .contains("Completed: 5 succeeded, 0 failed, 0 skipped");

    String[] changes = ExampleCopy.SHOP_CHANGES;
    onDuck.executeOnWarehouse(changes);
    sql("shop", changes);
    assertThat(onDuck.run("run").exitCode()).isZero();
    ExampleCopy.Result again = onPg.run("run", pgArgs);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err())
        .contains("Running incremental append for marts.order_log")
        .contains("Running incremental merge for marts.customers")
        .contains("Running incremental delete_insert for marts.daily_revenue")
        .contains("marts.customers: 3 of 3 buckets applied")
        .contains("marts.daily_revenue: 3 of 3 buckets applied")
        .containsPattern("Successfully executed marts.customers with \\d+ rows in 3 buckets");

    List<List<String>> incremental = query("shop", TABLES);
    assertThat(incremental).isEqualTo(onDuck.queryWarehouse(TABLES));
    ExampleCopy.Result full = onPg.run("run", "--full-refresh", "--target", "pgtest");
    assertThat(full.exitCode()).as(full.toString()).isNotZero();
    assertThat(full.err())
        .contains("Cannot run marts.web_events on PostgreSQL: it reads files")
        .contains("--exclude marts.web_events")
        .contains("Completed: 5 succeeded, 1 failed, 0 skipped");
    assertThat(query("shop", TABLES)).isEqualTo(incremental);
    // seeds reload in place: the view over raw.orders survives
    assertThat(onPg.run("seed", "--target", "pgtest").exitCode()).isZero();
    assertThat(query("shop", "SELECT count(*) FROM staging.paid_orders").get(0).get(0))
        .isNotEqualTo("0");
  }

  @Test
  void theSeedProjectRunsOnPostgres() throws Exception {
    ExampleCopy example = ExampleCopy.in(dir);
    target(example, "t_project", "my_schema");
    ExampleCopy.Result build = example.run("build", "--target", "pgtest");
    assertThat(build.exitCode()).as(build.toString()).isZero();
    ExampleCopy.Result again = example.run("run", "--target", "pgtest");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err())
        .contains("Running incremental merge for " + ExampleCopy.MODEL + " with auto start_date");
    ExampleCopy duck = ExampleCopy.of("t_project", dir.resolve("duck"));
    assertThat(duck.run("build").exitCode()).isZero();
    String q = "SELECT id, name, status FROM my_schema.incremental_example ORDER BY id";
    assertThat(query("t_project", q)).isEqualTo(duck.queryWarehouse(q)).isNotEmpty();
    ExampleCopy.Result state = example.run("state show", "--target", "pgtest");
    assertThat(state.out()).contains(ExampleCopy.MODEL);
  }

  private static final String TABLES =
      "SELECT 'log', count(*), round(sum(amount)::numeric, 2)::VARCHAR FROM marts.order_log"
          + " UNION ALL SELECT 'customers', count(*), string_agg(country, ',' ORDER BY customer_id)"
          + " FROM marts.customers UNION ALL SELECT 'daily', count(*),"
          + " round(sum(revenue)::numeric, 2)::VARCHAR FROM marts.daily_revenue UNION ALL SELECT"
          + " 'country', count(*), round(sum(revenue)::numeric, 2)::VARCHAR FROM"
          + " marts.revenue_by_country ORDER BY 1";

  private static void sql(String database, String... statements) throws SQLException {
    ExampleCopy.execute(connect(database), statements);
  }

  private static List<List<String>> query(String database, String q) throws SQLException {
    return ExampleCopy.rows(connect(database), q);
  }

  private static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + pg.getPort() + "/" + database, "postgres", "");
  }
}
