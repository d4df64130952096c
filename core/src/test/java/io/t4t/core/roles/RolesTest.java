package io.t4t.core.roles;

import static org.assertj.core.api.Assertions.assertThat;

import io.t4t.core.coordinate.RunCoordinator;
import io.t4t.core.coordinate.RunProgress;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.RunRequested;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The roles composed as the event-driven services compose them, on examples/shop: every event is
 * written to JSON and read back at every hop, every command is delivered twice, and the result must
 * equal a direct in-process run.
 */
class RolesTest {
  @TempDir Path dir;

  @Test
  void eventDrivenRunEqualsTheDirectRunEvenWithEveryCommandDeliveredTwice() throws Exception {
    Path direct = copyShop(dir.resolve("direct"));
    Path events = copyShop(dir.resolve("events"));
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(direct))) {
      r.seed();
      assertThat(r.run(RunOptions.defaults()).ok()).isTrue();
    }
    List<String> seen = new ArrayList<>();
    try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(events))) {
      r.seed();
      RunCoordinator coordinator =
          new RunCoordinator(
              r.graph(), Clock.systemUTC(), Duration.ofMillis(100), 3, new CommandPlanner(r));
      ExecutorRole executor = new ExecutorRole(r, "test-executor");
      Deque<Envelope> bus =
          new ArrayDeque<>(
              coordinator.requestRun(
                  "run-1", new RunRequested("shop", List.of(), List.of(), Map.of(), false, "api")));
      while (!bus.isEmpty()) {
        Envelope e = wire(bus.poll());
        seen.add(e.type().wireName() + ":" + e.key());
        if (e.payload() instanceof ModelRunCommand) {
          for (int delivery = 0; delivery < 2; delivery++) {
            bus.addAll(executor.handle(e));
          }
        } else if (e.payload() instanceof ModelCompleted c) {
          bus.addAll(coordinator.completed(e.runId(), c));
        } else if (e.payload() instanceof ModelFailed f) {
          bus.addAll(coordinator.failed(e.runId(), f));
        }
      }
      RunProgress progress = coordinator.progress("run-1").orElseThrow();
      assertThat(progress.done()).isTrue();
      assertThat(progress.models().values()).containsOnly(RunProgress.Status.SUCCEEDED);
      assertThat(progress.models()).hasSize(6);
    }
    // each model: commanded once, started and completed twice (the second a redelivery)
    assertThat(seen.stream().filter(s -> s.startsWith("model_run_command")).count()).isEqualTo(6);
    assertThat(seen.stream().filter(s -> s.startsWith("model_completed")).count()).isEqualTo(12);
    assertThat(snapshot(events)).isEqualTo(snapshot(direct));
  }

  private static Envelope wire(Envelope e) {
    return EventJson.read(EventJson.write(e));
  }

  private static Path copyShop(Path to) throws IOException {
    Path from = Path.of("..", "examples", "shop").toAbsolutePath().normalize();
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path rel = from.relativize(p);
        if (rel.toString().startsWith("data")) {
          continue;
        }
        if (Files.isDirectory(p)) {
          Files.createDirectories(to.resolve(rel.toString()));
        } else {
          Files.copy(p, to.resolve(rel.toString()));
        }
      }
    }
    return to;
  }

  private static List<String> snapshot(Path project) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c =
            DriverManager.getConnection("jdbc:duckdb:" + project.resolve("data/shop.duckdb"));
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "marts.order_log",
              "marts.customers",
              "marts.daily_revenue",
              "marts.revenue_by_country")) {
        try (ResultSet rs =
            s.executeQuery("SELECT count(*), sum(hash(COLUMNS(*))) FROM " + table)) {
          rs.next();
          out.add(table + ":" + rs.getString(1) + ":" + rs.getString(2));
        }
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT model_name, kind, last_processed_value, rows_written FROM _t4t.ledger ORDER BY seq")) {
        while (rs.next()) {
          out.add(
              rs.getString(1)
                  + ":"
                  + rs.getString(2)
                  + ":"
                  + rs.getString(3)
                  + ":"
                  + rs.getString(4));
        }
      }
    }
    return out;
  }
}
