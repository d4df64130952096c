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

  private static String relationships(String to, String field) {
    return "metadata = {'tests': [{'test': 'not_null', 'columns': ['id']},"
        + " {'test': 'relationships', 'column': 'id', 'to': '"
        + to
        + "', 'field': '"
        + field
        + "'}]}\n";
  }

  @Test
  void aRelationshipsTestNamesAModelASeedOrATableAModelReads() throws Exception {
    project();
    write("models/s/parent.sql", "SELECT 1 AS id FROM raw.src JOIN lookup USING (id)");
    write("models/s/child.sql", "SELECT 1 AS id");
    write("seeds/raw/customers.csv", "id,name\n1,a\n");
    // s is the connection's schema, where the unqualified lookup lives
    for (String to : new String[] {"s.parent", "raw.src", "RAW.Customers", "s.lookup"}) {
      write("models/s/child.py", relationships(to, "id"));
      assertThat(ProjectLoader.load(dir).models()).hasSize(2);
    }

    write("models/s/child.py", relationships("s.parnet", "id"));
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Invalid tests[1].to of model s.child in models/s/child.py: 's.parnet' is not a"
                + " model, a seed or a table the project's models read (name one of them as"
                + " schema.name, e.g. a model of models/<schema>/<name>.sql)");

    write("models/s/child.py", relationships("raw.customers", "customer_id"));
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Invalid tests[1].field of model s.child in models/s/child.py: seed raw.customers"
                + " has no column 'customer_id' (its columns: id, name)");
  }

  @Test
  void aSeedsRelationshipsTestCannotNameAModel() throws Exception {
    project();
    write("models/s/parent.sql", "SELECT 1 AS id");
    write("seeds/raw/customers.csv", "id,name\n1,a\n");
    write("seeds/raw/customers.py", relationships("s.parent", "id"));
    assertThatThrownBy(() -> ProjectLoader.load(dir))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Invalid tests[1].to of seed raw.customers in seeds/raw/customers.py: 's.parent' is a"
                + " model, and a seed's tests run before any model is built (name a seed or a"
                + " source table, or move the test to a model's metadata)");
    write("seeds/raw/customers.py", relationships("raw.customers", "id"));
    assertThat(ProjectLoader.load(dir).seeds()).hasSize(1);
  }
}
