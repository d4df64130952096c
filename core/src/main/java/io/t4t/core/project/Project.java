package io.t4t.core.project;

import io.t4t.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A loaded, validated project.
 *
 * @param root the project directory (holding {@code project.toml})
 * @param folder {@code project_folder} as written
 * @param connection the warehouse connection
 * @param materializationChange what to do when a model's materialization changes
 * @param fanOut when incremental merges are split into buckets
 * @param models the models by name, sorted
 * @param seeds the seed files
 * @param target the {@code [targets.<name>]} connected to, or null for {@code [connection]}
 * @param onSchemaChange {@code [flags] on_schema_change}: the default of models that set none
 */
public record Project(
    Path root,
    String folder,
    ConnectionConfig connection,
    MaterializationChangeBehavior materializationChange,
    FanOut fanOut,
    Map<ModelName, Model> models,
    List<Seed> seeds,
    String target,
    OnSchemaChange onSchemaChange) {

  public Project {
    models = java.util.Collections.unmodifiableMap(new TreeMap<>(models));
    seeds = List.copyOf(seeds);
  }

  public Project(
      Path root,
      String folder,
      ConnectionConfig connection,
      MaterializationChangeBehavior materializationChange,
      FanOut fanOut,
      Map<ModelName, Model> models,
      List<Seed> seeds) {
    this(root, folder, connection, materializationChange, fanOut, models, seeds, null);
  }

  public Project(
      Path root,
      String folder,
      ConnectionConfig connection,
      MaterializationChangeBehavior materializationChange,
      FanOut fanOut,
      Map<ModelName, Model> models,
      List<Seed> seeds,
      String target) {
    this(
        root,
        folder,
        connection,
        materializationChange,
        fanOut,
        models,
        seeds,
        target,
        OnSchemaChange.FAIL);
  }

  /** What {@code model} does when its query's columns differ from its table's. */
  public OnSchemaChange onSchemaChange(Model model) {
    return model.config().onSchemaChange().orElse(onSchemaChange);
  }

  /**
   * The state database, {@code <project>/data/tee_state.db}, or {@code tee_state.<target>.db} for a
   * {@code --target}: each warehouse has its own state.
   */
  public Path stateFile() {
    return root.resolve("data")
        .resolve(target == null ? "tee_state.db" : "tee_state." + target + ".db");
  }

  /**
   * Resolves a model named on the command line: {@code schema.name}, or a bare {@code name} when
   * only one schema has it.
   */
  public ModelName resolveModel(String text) {
    if (text != null && text.contains(".")) {
      ModelName name = ModelName.parse(text);
      if (!models.containsKey(name)) {
        throw new InvalidInputException(
            "Unknown model '" + text + "' (models in this project: " + models.keySet() + ")");
      }
      return name;
    }
    List<ModelName> matches =
        models.keySet().stream().filter(n -> n.name().equalsIgnoreCase(text)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new InvalidInputException(
          "Unknown model '" + text + "' (models in this project: " + models.keySet() + ")");
    }
    throw new InvalidInputException(
        "Ambiguous model '" + text + "': write one of " + matches + " in full");
  }
}
