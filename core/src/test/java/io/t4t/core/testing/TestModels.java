package io.t4t.core.testing;

import io.t4t.core.project.ConnectionConfig;
import io.t4t.core.project.EngineType;
import io.t4t.core.project.MaterializationChangeBehavior;
import io.t4t.core.project.MetadataReader;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.sql.ModelSql;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Builds models and projects in memory for tests that need no files. */
public final class TestModels {
  private TestModels() {}

  public static Model model(String name, String sql, String metadataDict) {
    ModelName n = ModelName.parse(name);
    return new Model(
        n,
        Path.of("/p/models/" + n.schema() + "/" + n.name() + ".sql"),
        ModelSql.parse(n + ".sql", sql),
        metadataDict == null
            ? MetadataReader.defaults()
            : MetadataReader.read(n + ".py", "metadata = " + metadataDict + "\n"));
  }

  public static Project project(Model... models) {
    Map<ModelName, Model> map = new java.util.TreeMap<>();
    for (Model m : models) {
      map.put(m.name(), m);
    }
    return new Project(
        Path.of("/p"),
        "p",
        ConnectionConfig.duckdb(Path.of("/p/data/p.duckdb"), "main"),
        MaterializationChangeBehavior.WARN,
        io.t4t.core.project.FanOut.defaults(EngineType.DUCKDB),
        map,
        List.of());
  }

  public static String incremental(String strategy, String block) {
    return "{'materialization': 'incremental', 'incremental': {'strategy': '"
        + strategy
        + "', '"
        + strategy
        + "': {"
        + block
        + "}}}";
  }
}
