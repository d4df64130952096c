package io.t4t.core.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.project.StrategyKind;
import io.t4t.core.strategy.FanOutSteps;
import io.t4t.events.TestOutcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stage registry keeps what sinks need, versioned: another layout is refused, not misread. */
class StageRegistryTest {
  private static final String FLAT_V1 =
      "{\"stageSchema\":\"_t4t\",\"stageName\":\"stage_x\",\"targetSchema\":\"an\","
          + "\"targetName\":\"m\",\"strategy\":\"merge\",\"keys\":[\"id\"],\"columns\":[\"id\"],"
          + "\"keepLatest\":false,\"timeColumn\":\"ts\",\"deleteCondition\":null,\"buckets\":4,"
          + "\"materialization\":\"incremental\",\"strategyName\":\"merge\",\"sqlHash\":\"h\","
          + "\"configHash\":\"c\",\"exactCount\":true}";

  @Test
  void aStageRoundTripsAndAnEarlierUnversionedDescriptionIsRefusedButStillDropped()
      throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Warehouse w = new Warehouse(c, new DuckDbDialect(), "memory")) {
      StageRegistry registry = new StageRegistry(w);
      registry.ensure();
      registry.ensure(); // finds them
      StageRegistry.Stage stage =
          new StageRegistry.Stage(
              new FanOutSteps.Staged(
                  StageRegistry.stageTable("r1", "an.m"),
                  new TableName("an", "m"),
                  StrategyKind.MERGE,
                  List.of("id"),
                  List.of("id", "ts"),
                  false,
                  "ts",
                  null,
                  4),
              new LedgerEntry.Definition("incremental", "merge", "h", "c"),
              true,
              List.of(
                  new TestOutcome("not_null(id)", "error", true, List.of()),
                  new TestOutcome("accepted_values(kind)", "warn", false, List.of("(x, 2)"))),
              "2023-12-31T00:00:00");
      registry.add("r1", "an.m", stage, 10, "2024-01-01T00:00:00");
      registry.addBucket("r1", "an.m", 2, 3);
      assertThat(registry.find("r1", "an.m"))
          .contains(new StageRegistry.Row(stage, 10, "2024-01-01T00:00:00"));
      assertThat(stage.version()).isEqualTo(StageRegistry.VERSION);
      assertThat(registry.bucket("r1", "an.m", 2)).contains(3L);
      assertThat(registry.applied("r1", "an.m")).isEqualTo(new StageRegistry.Applied(1, 3));

      TableName abandoned = StageRegistry.stageTable("r0", "an.m");
      w.execute("CREATE TABLE " + w.dialect().table(abandoned) + " (id INTEGER)");
      w.execute(
          "INSERT INTO _t4t.stages VALUES ('r0', 'an.m', '"
              + FLAT_V1
              + "', 5, NULL, TIMESTAMP '2024-01-01 00:00:00')");
      assertThatThrownBy(() -> registry.find("r0", "an.m"))
          .hasMessage(
              "Cannot read the stage of run r0 of an.m: it was described in stage layout version"
                  + " 1, this t4t reads versions 2 to 3; run the model again");
      // version 2 had no audit outcomes: read as a batch that ran none
      String v2 =
          w.query("SELECT spec FROM _t4t.stages WHERE run_id = 'r1'").get(0).get(0).toString();
      com.fasterxml.jackson.databind.node.ObjectNode older =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              new com.fasterxml.jackson.databind.ObjectMapper().readTree(v2);
      older.put("version", 2).remove(List.of("tests", "windowStart"));
      w.execute(
          "INSERT INTO _t4t.stages VALUES ('r2', 'an.m', '"
              + older
              + "', 5, NULL, TIMESTAMP '2024-01-01 00:00:00')");
      assertThat(registry.find("r2", "an.m").orElseThrow().stage().tests()).isEmpty();
      registry.dropAbandoned("an.m", "r1"); // by the stage's table name alone
      assertThat(registry.find("r0", "an.m")).isEmpty();
      assertThat(w.exists(abandoned)).as("the abandoned stage's table is dropped").isFalse();
      assertThat(registry.find("r1", "an.m")).isPresent();
      registry.remove("r1", "an.m");
      assertThat(w.query("SELECT count(*) FROM _t4t.buckets").get(0).get(0)).isEqualTo(0L);
    }
  }
}
