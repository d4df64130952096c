package io.t4t.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed example through a real Kafka broker embedded in the command's process (the default),
 * against the direct in-process transport.
 */
class KafkaTransportTest {
  @TempDir Path dir;

  @Test
  void theSeedExampleRunsThroughAnEmbeddedBrokerWithTheSameResultAndLogLines() {
    ExampleCopy viaKafka = ExampleCopy.of("t_project", dir.resolve("kafka"));
    ExampleCopy direct = ExampleCopy.of("t_project", dir.resolve("direct"));

    ExampleCopy.Result build = viaKafka.run("build", "--transport", "kafka");
    assertThat(build.exitCode()).as(build.toString()).isZero();
    assertThat(build.err())
        .contains("EmbeddedKafka - Started an embedded Kafka broker at")
        .contains("DuckDBAdapter - Created table: " + ExampleCopy.MODEL)
        .contains("Successfully executed " + ExampleCopy.MODEL + " with 256 rows")
        .doesNotContain("org.apache.kafka");
    assertThat(build.out()).isEmpty();

    ExampleCopy.Result again = viaKafka.run("run", "--transport", "kafka");
    assertThat(again.err()).contains("Started an embedded Kafka broker");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.err())
        .contains("Running incremental merge for " + ExampleCopy.MODEL + " with auto start_date");

    ExampleCopy.Result directBuild = direct.run("build"); // the default: in process (0008)
    assertThat(directBuild.exitCode()).isZero();
    assertThat(directBuild.err()).doesNotContain("Kafka");
    assertThat(direct.run("run").exitCode()).isZero();
    String table = "SELECT * FROM " + ExampleCopy.MODEL + " ORDER BY id";
    assertThat(viaKafka.queryWarehouse(table)).isEqualTo(direct.queryWarehouse(table));
    String state = "SELECT model_name, last_processed_value, strategy FROM tee_model_state";
    assertThat(viaKafka.queryState(state)).isEqualTo(direct.queryState(state));
    assertThat(viaKafka.queryState(state)).hasSize(1);
  }

  @Test
  void invalidInputFailsBeforeAnythingRunsAndTheBrokerStops() {
    ExampleCopy p = ExampleCopy.of("t_project", dir.resolve("bad"));
    ExampleCopy.Result r = p.run("run", "--select", "nope");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("Unknown model 'nope'").doesNotContain("Executing model");
    assertThat(List.of(r.out())).containsExactly("");
  }
}
