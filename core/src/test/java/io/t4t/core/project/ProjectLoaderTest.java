package io.t4t.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectLoaderTest {
  @TempDir Path dir;

  private void write(String file, String text) throws Exception {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }

  private void project() throws Exception {
    write(
        "project.toml",
        "project_folder = \"p\"\n[connection]\ntype = \"duckdb\"\npath = \"data/p.duckdb\"\n"
            + "schema = \"s\"\n");
  }

  @Test
  void aModelFileSpelledInCapitalsKeepsItsMetadata() throws Exception {
    project();
    write("models/Sales/Orders.sql", "SELECT 1 AS id, TIMESTAMP '2024-01-01' AS ts");
    write(
        "models/Sales/Orders.py",
        "metadata = {'materialization': 'incremental', 'incremental': {'strategy': 'append',"
            + " 'append': {'time_column': 'ts'}}}\n");
    Project p = ProjectLoader.load(dir);
    Model m = p.models().get(new ModelName("sales", "orders"));
    assertThat(m.config().materialization()).isEqualTo(Materialization.INCREMENTAL);
  }

  @Test
  void theFirstBadModelInFileOrderIsReportedWhateverCoreParsedItFirst() throws Exception {
    project();
    for (int i = 0; i < 200; i++) {
      write(String.format("models/s/m%03d.sql", i), "SELECT " + i + " AS v");
    }
    write("models/s/m150.sql", "SELECT FROM WHERE");
    write("models/s/m170.sql", "SELECT ,");
    for (int round = 0; round < 5; round++) {
      assertThatThrownBy(() -> ProjectLoader.load(dir))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("models/s/m150.sql");
    }
  }
}
