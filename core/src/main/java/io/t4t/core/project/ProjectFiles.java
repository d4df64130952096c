package io.t4t.core.project;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.sql.ModelSql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds and reads a project's files: {@code models/<schema>/<name>.sql} with their optional {@code
 * .py} metadata, and {@code seeds/<schema>/<table>.csv}. Every problem is an {@link
 * InvalidInputException} naming the file.
 */
final class ProjectFiles {
  private ProjectFiles() {}

  static Map<ModelName, Model> models(Path root) {
    Path modelsDir = root.resolve("models");
    if (!Files.isDirectory(modelsDir)) {
      throw new InvalidInputException(
          "Cannot find models/ in " + root + " (models live in models/<schema>/<name>.sql)");
    }
    Map<ModelName, Model> models = new TreeMap<>();
    List<ModelFile> files = new ArrayList<>();
    for (Path schemaDir : list(modelsDir)) {
      String rel = root.relativize(schemaDir).toString();
      if (!Files.isDirectory(schemaDir)) {
        if (schemaDir.getFileName().toString().endsWith(".sql")) {
          throw new InvalidInputException(
              "Invalid model file " + rel + ": models live in models/<schema>/<name>.sql");
        }
        continue;
      }
      String schema = schemaDir.getFileName().toString();
      if (!Names.isIdentifier(schema)) {
        throw new InvalidInputException(
            "Invalid schema folder "
                + rel
                + ": schema names are letters, digits and underscores, not starting with a digit");
      }
      for (Path file : list(schemaDir)) {
        String fileName = file.getFileName().toString();
        String relFile = root.relativize(file).toString();
        if (Files.isDirectory(file)) {
          throw new InvalidInputException(
              "Invalid folder " + relFile + ": models live directly in models/<schema>/");
        }
        if (fileName.endsWith(".py")) {
          Path sql = file.resolveSibling(fileName.substring(0, fileName.length() - 3) + ".sql");
          if (!Files.exists(sql)) {
            throw new InvalidInputException(
                "Invalid model metadata "
                    + relFile
                    + ": there is no "
                    + root.relativize(sql)
                    + " beside it");
          }
          continue;
        }
        if (!fileName.endsWith(".sql")) {
          continue;
        }
        String name = fileName.substring(0, fileName.length() - 4);
        if (!Names.isIdentifier(name)) {
          throw new InvalidInputException(
              "Invalid model file name "
                  + relFile
                  + ": model names are letters, digits and underscores, not starting with a digit");
        }
        ModelName modelName = new ModelName(schema, name);
        if (models.containsKey(modelName)) {
          throw new InvalidInputException(
              "Invalid project: two files define model " + modelName + " (names ignore case)");
        }
        models.put(modelName, null);
        files.add(new ModelFile(modelName, file, relFile, name));
      }
    }
    if (models.isEmpty()) {
      throw new InvalidInputException(
          "Invalid project " + root + ": models/ holds no models/<schema>/<name>.sql file");
    }
    // reading and parsing are independent per model: on every core, the first error in file order
    List<Object> loaded = files.parallelStream().map(f -> loadOrError(root, f)).toList();
    for (Object o : loaded) {
      if (o instanceof RuntimeException e) {
        throw e;
      }
      Model model = (Model) o;
      models.put(model.name(), model);
    }
    return models;
  }

  /**
   * A model's .sql file, named and checked, to be read and parsed; {@code stem} is the file name as
   * written (its .py sibling is spelled the same), the model's name is lower-case.
   */
  private record ModelFile(ModelName name, Path file, String relFile, String stem) {}

  /** The model, or the error that stops loading it. */
  private static Object loadOrError(Path root, ModelFile f) {
    try {
      String sql = read(f.file());
      Path py = f.file().resolveSibling(f.stem() + ".py");
      ModelConfig config =
          Files.exists(py)
              ? MetadataReader.read(root.relativize(py).toString(), read(py))
              : MetadataReader.defaults();
      String pyName = root.relativize(py).toString();
      config
          .incremental()
          .flatMap(IncrementalConfig::whereCondition)
          .ifPresent(w -> ModelSql.conditionVariables(pyName, w));
      return new Model(f.name(), f.file(), ModelSql.parse(f.relFile(), sql), config);
    } catch (RuntimeException e) {
      return e;
    }
  }

  static List<Seed> seeds(Path root) {
    Path seedsDir = root.resolve("seeds");
    List<Seed> seeds = new ArrayList<>();
    if (!Files.isDirectory(seedsDir)) {
      return seeds;
    }
    for (Path schemaDir : list(seedsDir)) {
      if (!Files.isDirectory(schemaDir)) {
        continue;
      }
      String schema = schemaDir.getFileName().toString();
      for (Path file : list(schemaDir)) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".csv")) {
          continue;
        }
        String table = fileName.substring(0, fileName.length() - 4);
        if (!Names.isIdentifier(schema) || !Names.isIdentifier(table)) {
          throw new InvalidInputException(
              "Invalid seed file "
                  + root.relativize(file)
                  + ": expected seeds/<schema>/<table>.csv with plain identifiers");
        }
        Path py = file.resolveSibling(table + ".py");
        List<DataTest> tests =
            Files.isRegularFile(py)
                ? MetadataReader.readSeedTests(root.relativize(py).toString(), read(py))
                : List.of();
        seeds.add(
            new Seed(schema.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT), file, tests));
      }
    }
    return seeds;
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> !p.getFileName().toString().equals("__pycache__"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
