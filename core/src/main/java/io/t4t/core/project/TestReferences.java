package io.t4t.core.project;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.sql.TableRef;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
  private final Map<ModelName, Model> models;
  private final Map<ModelName, Seed> seeds = new TreeMap<>();
  private final Set<ModelName> sources = new TreeSet<>();

  private TestReferences(Map<ModelName, Model> models, List<Seed> seeds, String defaultSchema) {
    this.models = models;
    seeds.forEach(s -> this.seeds.put(s.name(), s));
    for (Model m : models.values()) {
      for (TableRef ref : m.sql().tableRefs()) {
        List<String> p = ref.parts();
        if (p.size() >= 2) {
          sources.add(new ModelName(p.get(p.size() - 2), p.get(p.size() - 1)));
        } else if (defaultSchema != null) { // unqualified: the connection's schema
          sources.add(new ModelName(defaultSchema, p.get(0)));
        }
      }
    }
  }

  /**
   * @throws InvalidInputException naming the model (or seed), the file, the key and the value
   */
  static void check(
      Path root, Map<ModelName, Model> models, List<Seed> seeds, String defaultSchema) {
    TestReferences refs = new TestReferences(models, seeds, defaultSchema);
    for (Model m : models.values()) {
      refs.check("model " + m.name(), metadataFile(root, m.sqlFile()), m.config().tests(), true);
    }
    for (Seed s : seeds) {
      refs.check("seed " + s.name(), metadataFile(root, s.file()), s.tests(), false);
    }
  }

  private void check(String owner, String file, List<DataTest> tests, boolean mayNameModels) {
    for (int i = 0; i < tests.size(); i++) {
      if (tests.get(i) instanceof DataTest.Relationships r) {
        String where = "Invalid tests[" + i + "].";
        String of = " of " + owner + " in " + file + ": ";
        checkTo(where + "to" + of + "'" + r.to(), r, mayNameModels);
        checkField(where + "field" + of, r);
      }
    }
  }

  private void checkTo(String prefix, DataTest.Relationships r, boolean mayNameModels) {
    if (models.containsKey(r.to()) && !mayNameModels) {
      throw new InvalidInputException(
          prefix
              + "' is a model, and a seed's tests run before any model is built (name a seed"
              + " or a source table, or move the test to a model's metadata)");
    }
    if (!models.containsKey(r.to()) && !seeds.containsKey(r.to()) && !sources.contains(r.to())) {
      throw new InvalidInputException(
          prefix
              + "' is not a model, a seed or a table the project's models read (name one of"
              + " them as schema.name, e.g. a model of models/<schema>/<name>.sql)");
    }
  }

  /** Where {@code to} is a seed, {@code field} must be a column of its CSV header. */
  private void checkField(String prefix, DataTest.Relationships r) {
    Seed seed = seeds.get(r.to());
    if (seed == null || models.containsKey(r.to())) {
      return;
    }
    Optional<List<String>> header = header(seed.file());
    if (header.isPresent() && !header.get().contains(r.field().toLowerCase(Locale.ROOT))) {
      throw new InvalidInputException(
          prefix
              + "seed "
              + r.to()
              + " has no column '"
              + r.field()
              + "' (its columns: "
              + String.join(", ", header.get())
              + ")");
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
          Arrays.stream(line.replace("\uFEFF", "").split(",", -1))
              .map(c -> c.trim().toLowerCase(Locale.ROOT))
              .toList());
    } catch (IOException e) {
      return Optional.empty(); // loading the seed names the file when it cannot be read
    }
  }
}
