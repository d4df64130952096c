package io.t4t.core.dag;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.DataTest;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.sql.TableRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Models and their dependencies. A reference to another model is an edge; any other reference is a
 * source (a table t4t does not build). A model reading its own table is not an edge. A {@code
 * relationships} test naming another model is an edge too, a full dependency: the test reads that
 * model, so the model runs after it and is skipped when it fails; but the model does not read that
 * model's rows, so a backfill of it or new data for it does not reload the tester ({@link
 * #withReaders}; docs/tests-and-audits.md).
 */
public final class ModelGraph {
  private final Map<ModelName, Set<ModelName>> upstream = new TreeMap<>();
  private final Map<ModelName, Set<ModelName>> downstream = new TreeMap<>();
  private final Map<ModelName, Set<ModelName>> readers = new TreeMap<>();
  private final Map<ModelName, Set<TableRef>> sources = new TreeMap<>();
  private final Map<ModelName, Set<String>> fileSources = new TreeMap<>();
  private final List<ModelName> order;
  private final Set<String> fileReaders;

  private ModelGraph(Project project, NameResolver resolver) {
    this.fileReaders = Set.copyOf(resolver.fileReaders());
    for (ModelName name : project.models().keySet()) {
      upstream.put(name, new TreeSet<>());
      downstream.put(name, new TreeSet<>());
      readers.put(name, new TreeSet<>());
      sources.put(name, new LinkedHashSet<>());
    }
    for (Model model : project.models().values()) {
      fileSources.put(model.name(), model.sql().fileSources(resolver.fileReaders()));
    }
    for (Model model : project.models().values()) {
      for (TableRef ref : model.sql().tableRefs()) {
        Optional<ModelName> target = resolver.resolve(ref);
        if (target.isPresent() && project.models().containsKey(target.get())) {
          if (!target.get().equals(model.name())) {
            upstream.get(model.name()).add(target.get());
            downstream.get(target.get()).add(model.name());
            readers.get(target.get()).add(model.name());
          }
        } else {
          sources.get(model.name()).add(ref);
        }
      }
      for (DataTest test : model.config().tests()) {
        if (test instanceof DataTest.Relationships r
            && project.models().containsKey(r.to())
            && !r.to().equals(model.name())) {
          upstream.get(model.name()).add(r.to());
          downstream.get(r.to()).add(model.name());
        }
      }
    }
    this.order = topologicalOrder();
  }

  /** The table functions whose calls read files, as the graph was built with. */
  public Set<String> fileReaders() {
    return fileReaders;
  }

  /** Builds the graph; a cycle is an {@link InvalidInputException} naming it. */
  public static ModelGraph build(Project project, NameResolver resolver) {
    return new ModelGraph(project, resolver);
  }

  /** All models, dependencies first; ties broken by name so runs are reproducible. */
  public List<ModelName> order() {
    return order;
  }

  public Set<ModelName> upstream(ModelName model) {
    return Collections.unmodifiableSet(upstream.get(model));
  }

  public Set<ModelName> downstream(ModelName model) {
    return Collections.unmodifiableSet(downstream.get(model));
  }

  /** Tables the model reads that no model builds. */
  public Set<TableRef> sources(ModelName model) {
    return Collections.unmodifiableSet(sources.get(model));
  }

  /** File sources the model reads (folders before the first wildcard, e.g. landing/orders). */
  public Set<String> fileSources(ModelName model) {
    return Collections.unmodifiableSet(fileSources.get(model));
  }

  /**
   * The models that read {@code source}: a table as models name it ({@code raw.orders}) or a file
   * source ({@code landing/orders}), compared case-insensitively for tables.
   */
  public Set<ModelName> readers(String source) {
    Set<ModelName> out = new TreeSet<>();
    String table = source.toLowerCase(java.util.Locale.ROOT);
    for (ModelName m : order) {
      boolean reads =
          sources.get(m).stream().anyMatch(r -> r.toString().equals(table))
              || fileSources.get(m).contains(source);
      if (reads) {
        out.add(m);
      }
    }
    return out;
  }

  /** The models whose rows {@code model} reads in its SQL (its upstream without test edges). */
  public Set<ModelName> readsFrom(ModelName model) {
    Set<ModelName> out = new TreeSet<>();
    for (ModelName up : upstream.get(model)) {
      if (readers.get(up).contains(model)) {
        out.add(up);
      }
    }
    return out;
  }

  /** The models whose SQL reads {@code model} (its downstream without test edges). */
  public Set<ModelName> readersOf(ModelName model) {
    return Collections.unmodifiableSet(readers.get(model));
  }

  /** The model and everything downstream of it, test dependencies included. */
  public Set<ModelName> withDownstream(Set<ModelName> roots) {
    return reach(roots, downstream);
  }

  /**
   * The models and everything that reads their rows, directly or through other models: what new
   * data or a backfill of them changes. A model that only tests against one of them (a {@code
   * relationships} test) is not here.
   */
  public Set<ModelName> withReaders(Set<ModelName> roots) {
    return reach(roots, readers);
  }

  private static Set<ModelName> reach(Set<ModelName> roots, Map<ModelName, Set<ModelName>> edges) {
    Set<ModelName> out = new TreeSet<>();
    Deque<ModelName> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      ModelName m = todo.pop();
      if (out.add(m)) {
        todo.addAll(edges.get(m));
      }
    }
    return out;
  }

  private List<ModelName> topologicalOrder() {
    Map<ModelName, Integer> indegree = new TreeMap<>();
    upstream.forEach((m, ups) -> indegree.put(m, ups.size()));
    TreeSet<ModelName> ready = new TreeSet<>();
    indegree.forEach(
        (m, d) -> {
          if (d == 0) {
            ready.add(m);
          }
        });
    List<ModelName> out = new ArrayList<>();
    while (!ready.isEmpty()) {
      ModelName m = ready.pollFirst();
      out.add(m);
      for (ModelName d : downstream.get(m)) {
        if (indegree.merge(d, -1, Integer::sum) == 0) {
          ready.add(d);
        }
      }
    }
    if (out.size() != upstream.size()) {
      throw new InvalidInputException(
          "Invalid project: models depend on each other in a cycle: "
              + describeCycle(indegree)
              + " (remove one of these references; a relationships test's 'to' counts as one)");
    }
    return List.copyOf(out);
  }

  private String describeCycle(Map<ModelName, Integer> indegree) {
    // Walk upstream edges among the models left over; any walk must revisit a model.
    ModelName start =
        indegree.entrySet().stream().filter(e -> e.getValue() > 0).findFirst().get().getKey();
    List<ModelName> path = new ArrayList<>();
    ModelName current = start;
    while (!path.contains(current)) {
      path.add(current);
      ModelName here = current;
      current =
          upstream.get(here).stream().filter(u -> indegree.get(u) > 0).findFirst().orElseThrow();
    }
    List<ModelName> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
    Collections.reverse(cycle);
    Collections.rotate(cycle, -cycle.indexOf(Collections.min(cycle)));
    cycle.add(cycle.get(0));
    return String.join(" -> ", cycle.stream().map(ModelName::toString).toList());
  }
}
