package io.t4t.core.project;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.sql.TableRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks, once every model and seed is read, what a {@code relationships} test names: its {@code
 * to} must be a model, a seed, or a table one of the models reads (a source), and a seed's test may
 * not name a model (seeds' tests run before any model is built). Where the columns of {@code to}
 * are known without the engine (a seed: its CSV header), {@code field} must be one of them.
 */
final class TestReferences {
  private TestReferences() {}

  /**
   * @throws InvalidInputException naming the model (or seed), the file, the key and the value
   */
  static void check(Path root, Map<ModelName, Model> models, List<Seed> seeds) {
    Map<ModelName, Seed> seedsByName = new TreeMap<>();
    seeds.forEach(s -> seedsByName.put(s.name(), s));
    Set<ModelName> sources = new TreeSet<>();
    for (Model m : models.values()) {
      for (TableRef ref : m.sql().tableRefs()) {
        List<String> p = ref.parts();
        if (p.size() >= 2) {
          sources.add(new ModelName(p.get(p.size() - 2), p.get(p.size() - 1)));
        }
      }
    }
    for (Model m : models.values()) {
      String file = metadataFile(root, m.sqlFile());
      check(
          "model " + m.name(), file, m.config().tests(), models, seedsByName, sources, true, root);
    }
    for (Seed s : seeds) {
      String file = metadataFile(root, s.file());
      check("seed " + s.name(), file, s.tests(), models, seedsByName, sources, false, root);
    }
  }

  private static void check(
      String owner,
      String file,
      List<DataTest> tests,
      Map<ModelName, Model> models,
      Map<ModelName, Seed> seeds,
      Set<ModelName> sources,
      boolean mayNameModels,
      Path root) {
    for (int i = 0; i < tests.size(); i++) {
      if (!(tests.get(i) instanceof DataTest.Relationships r)) {
        continue;
      }
      String where = "Invalid tests[" + i + "].to of " + owner + " in " + file + ": '" + r.to();
      if (models.containsKey(r.to()) && !mayNameModels) {
        throw new InvalidInputException(
            where
                + "' is a model, and a seed's tests run before any model is built (name a seed"
                + " or a source table, or move the test to a model's metadata)");
      }
      Seed seed = seeds.get(r.to());
      if (!models.containsKey(r.to()) && seed == null && !sources.contains(r.to())) {
        throw new InvalidInputException(
            where
                + "' is not a model, a seed or a table the project's models read (name one of"
                + " them as schema.name, e.g. a model of models/<schema>/<name>.sql)");
      }
      if (seed != null && !models.containsKey(r.to())) {
        Optional<List<String>> header = header(seed.file());
        if (header.isPresent() && !header.get().contains(r.field().toLowerCase(Locale.ROOT))) {
          throw new InvalidInputException(
              "Invalid tests["
                  + i
                  + "].field of "
                  + owner
                  + " in "
                  + file
                  + ": seed "
                  + r.to()
                  + " has no column '"
                  + r.field()
                  + "' (its columns: "
                  + String.join(", ", header.get())
                  + ")");
        }
      }
    }
  }

  /** The metadata file beside {@code file} ({@code .sql} or {@code .csv}), relative to root. */
  private static String metadataFile(Path root, Path file) {
    String name = file.getFileName().toString();
    Path py = file.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".py");
    return root.relativize(py.toAbsolutePath().normalize()).toString();
  }

  /**
   * The lower-case column names of a CSV's header line, when it has only plain names (a quoted name
   * holding a comma is left to the engine: empty).
   */
  private static Optional<List<String>> header(Path csv) {
    try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      if (line == null || line.indexOf('"') >= 0) {
        return Optional.empty();
      }
      return Optional.of(
          java.util.Arrays.stream(line.replace("\uFEFF", "").split(",", -1))
              .map(c -> c.trim().toLowerCase(Locale.ROOT))
              .toList());
    } catch (IOException e) {
      return Optional.empty(); // loading the seed names the file when it cannot be read
    }
  }
}
