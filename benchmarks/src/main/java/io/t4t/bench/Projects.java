package io.t4t.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeSet;

/** Generated projects for benchmarks. */
final class Projects {
  private Projects() {}

  /**
   * {@code n} trivial table models on DuckDB, each reading up to three earlier ones (chosen with a
   * fixed seed, so every round and every build gets the same DAG).
   */
  static Path dag(Path dir, int n) throws IOException {
    Files.createDirectories(dir.resolve("models/m"));
    Files.writeString(
        dir.resolve("project.toml"),
        "project_folder = \"dag\"\n\n[connection]\ntype = \"duckdb\"\npath = \"data/dag.duckdb\"\n"
            + "schema = \"m\"\n");
    Random random = new Random(42);
    for (int i = 0; i < n; i++) {
      TreeSet<Integer> reads = new TreeSet<>();
      int k = i == 0 ? 0 : random.nextInt(4);
      for (int j = 0; j < k; j++) {
        reads.add(random.nextInt(i));
      }
      StringBuilder sql = new StringBuilder("SELECT ");
      if (reads.isEmpty()) {
        sql.append(i).append(" AS v");
      } else {
        sql.append(String.join(" + ", reads.stream().map(r -> "t" + r + ".v").toList()))
            .append(" AS v FROM ")
            .append(String.join(", ", reads.stream().map(r -> name(r) + " AS t" + r).toList()));
      }
      Files.writeString(dir.resolve("models/m/" + name(i).substring(2) + ".sql"), sql + "\n");
    }
    return dir;
  }

  static String name(int i) {
    return String.format("m.m%05d", i);
  }
}
