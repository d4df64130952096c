package io.t4t.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.execute.RunOutcome;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.run.ProjectRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** examples/shop run through a real in-process Kafka broker equals the direct in-process run. */
class KafkaRunnerTest {
  private static EmbeddedKafka kafka;

  @TempDir Path dir;

  @BeforeAll
  static void broker() {
    kafka = EmbeddedKafka.start();
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void theShopRunsThroughKafkaFullThenIncrementallyLikeTheDirectRun() throws Exception {
    Path direct = Examples.copy("shop", dir.resolve("direct"));
    Path viaKafka = Examples.copy("shop", dir.resolve("kafka"));
    for (int round = 0; round < 2; round++) {
      if (round == 1) {
        for (Path p : List.of(direct, viaKafka)) {
          sql(
              p,
              "INSERT INTO raw.orders VALUES (401, 3, 99.50, 'paid', TIMESTAMP '2024-03-28 09:00:00')");
        }
      }
      try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(direct))) {
        if (round == 0) {
          r.seed();
        }
        assertThat(io.t4t.core.roles.LocalRun.run(r.session(), RunOptions.defaults()).ok())
            .isTrue();
      }
      try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(viaKafka));
          KafkaRunner k =
              new KafkaRunner(r.session(), kafka.bootstrapServers(), "t4t-" + round + ".")) {
        if (round == 0) {
          r.seed();
        }
        RunSummary s = k.run(RunOptions.defaults());
        assertThat(s.ok()).as(s.toString()).isTrue();
        assertThat(s.line()).isEqualTo("Completed: 6 succeeded, 0 failed, 0 skipped");
      }
      assertThat(snapshot(viaKafka)).as("round " + round).isEqualTo(snapshot(direct));
    }
  }

  @Test
  void aFailedModelSkipsItsDownstreamModelsThroughKafka() throws Exception {
    Path p = Examples.copy("shop", dir.resolve("failing"));
    Files.writeString(
        p.resolve("models/marts/customers.sql"), "SELECT customer_id, no_such FROM raw.customers");
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(p));
        KafkaRunner k = new KafkaRunner(r.session(), kafka.bootstrapServers(), "t4t-fail.")) {
      r.seed();
      RunSummary s = k.run(new RunOptions(Map.of(), List.of(), List.of(), false));
      assertThat(s.line()).isEqualTo("Completed: 4 succeeded, 1 failed, 1 skipped");
      RunOutcome skipped =
          s.outcomes().stream()
              .filter(o -> o.model().toString().equals("marts.revenue_by_country"))
              .findFirst()
              .orElseThrow();
      assertThat(skipped.status()).isEqualTo(RunOutcome.Status.SKIPPED);
      assertThat(skipped.message()).contains("upstream [marts.customers] did not run");
    }
  }

  private static void sql(Path project, String statement) throws SQLException {
    try (Connection c =
            DriverManager.getConnection("jdbc:duckdb:" + project.resolve("data/shop.duckdb"));
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private static List<String> snapshot(Path project) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:duckdb:" + project.resolve("data/shop.duckdb"));
        Statement s = c.createStatement()) {
      for (String t :
          List.of(
              "marts.order_log",
              "marts.customers",
              "marts.daily_revenue",
              "marts.revenue_by_country")) {
        try (ResultSet rs = s.executeQuery("SELECT count(*), sum(hash(COLUMNS(*))) FROM " + t)) {
          rs.next();
          out.add(t + ":" + rs.getString(1) + ":" + rs.getString(2));
        }
      }
    }
    return out;
  }
}
