package io.t4t.console;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.ConnectionConfig;
import io.t4t.core.project.EngineType;
import io.t4t.core.project.FanOut;
import io.t4t.core.project.MaterializationChangeBehavior;
import io.t4t.core.project.MetadataReader;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.run.Engine;
import io.t4t.core.sql.ModelSql;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Projects built in memory, from {@code name -> SQL}. */
final class Graphs {
  private Graphs() {}

  static ModelGraph of(Map<String, String> sqlByModel) {
    Map<ModelName, Model> models = new TreeMap<>();
    sqlByModel.forEach(
        (name, sql) -> {
          ModelName n = ModelName.parse(name);
          models.put(
              n,
              new Model(
                  n,
                  Path.of("/p/models/" + n.schema() + "/" + n.name() + ".sql"),
                  ModelSql.parse(n + ".sql", sql),
                  MetadataReader.defaults()));
        });
    Project p =
        new Project(
            Path.of("/p"),
            "p",
            ConnectionConfig.duckdb(Path.of("/p/data/p.duckdb"), "main"),
            MaterializationChangeBehavior.WARN,
            FanOut.defaults(EngineType.DUCKDB),
            models,
            List.of());
    return ModelGraph.build(p, Engine.resolver(p));
  }
}
