package io.t4t.core.run;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.Warehouse;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.state.DuckDbStateStore;
import io.t4t.core.state.StateWriter;
import io.t4t.events.ModelState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A project opened in this process for the CLI and the embedded runtime: its {@link
 * WarehouseSession} (opened through {@link Engine}, keeping {@code data/tee_state.db} in step),
 * plus what only a one-process run does: check and plan a whole selection ({@code plan}, {@code
 * compile}), load seeds, reset a model. Runs go through the roles ({@link
 * io.t4t.core.roles.LocalRun}) over {@link #session()}. Open it read-only for {@code plan}, {@code
 * compile} and {@code state show}: those create and change nothing.
 */
public final class ProjectRunner implements AutoCloseable {
  private final WarehouseSession session;

  private ProjectRunner(WarehouseSession session) {
    this.session = session;
  }

  /**
   * Opens the warehouse for writing and reads model state from its run ledger. The state file is
   * opened and brought in line with the ledger in the background.
   */
  public static ProjectRunner open(Project project) {
    return open(project, true);
  }

  /**
   * Opens the warehouse for writing.
   *
   * @param stateFile whether to keep {@code data/tee_state.db}; executors of the distributed
   *     services leave it to the state-service (processes sharing the file would contend for it)
   */
  public static ProjectRunner open(Project project, boolean stateFile) {
    ModelGraph graph = ModelGraph.build(project, Engine.resolver(project)); // cycles fail first
    return new ProjectRunner(openSession(project, graph, stateFile));
  }

  /** Opens the warehouse read-only; nothing is created or changed. */
  public static ProjectRunner openReadOnly(Project project) {
    ModelGraph graph = ModelGraph.build(project, Engine.resolver(project));
    Warehouse w = Engine.open(project, true);
    return new ProjectRunner(
        WarehouseSession.open(project, graph, Engine.tableNames(project), w, true, null));
  }

  /**
   * Opens a writable session over a project already loaded and its graph (a process that applies
   * many commands loads the project once and opens the warehouse per command).
   *
   * @param stateFile whether to keep {@code data/tee_state.db} in step with the ledger
   */
  public static WarehouseSession openSession(Project project, ModelGraph graph, boolean stateFile) {
    Warehouse w = Engine.open(project, false);
    return WarehouseSession.open(
        project,
        graph,
        Engine.tableNames(project),
        w,
        false,
        stateFile ? latest -> stateFile(project, latest) : null);
  }

  private static WarehouseSession.StateMirror stateFile(
      Project project, Map<String, LedgerEntry> latest) {
    StateWriter writer =
        StateWriter.start(() -> DuckDbStateStore.open(project.stateFile()), latest);
    return new WarehouseSession.StateMirror() {
      @Override
      public void apply(LedgerEntry entry) {
        writer.apply(entry);
      }

      @Override
      public void close() {
        writer.close();
      }
    };
  }

  /** The opened warehouse, ledger and state the roles work through. */
  public WarehouseSession session() {
    return session;
  }

  public Project project() {
    return session.project();
  }

  public ModelGraph graph() {
    return session.graph();
  }

  public Warehouse warehouse() {
    return session.warehouse();
  }

  /**
   * Model state as the warehouse's run ledger records it (see {@link WarehouseSession#state()}).
   */
  public Map<String, ModelState> state() {
    return session.state();
  }

  /**
   * Checks a run's input without planning it: the models it names exist and every variable they use
   * is set and valid. Fails with exit-2 errors before anything runs.
   */
  public void check(RunOptions options) {
    Planner.checkVariables(project(), select(options), options.vars());
  }

  /** Plans the selected models in run order; fails with exit-2 errors before anything runs. */
  public List<ModelRun> plan(RunOptions options) {
    List<ModelName> models = select(options);
    Planner planner = session.planner(options.vars(), session.catalogFor(models));
    planner.requireVariables(models);
    Map<String, ModelState> current = state();
    List<ModelRun> runs = new ArrayList<>();
    for (ModelName name : models) {
      runs.add(
          planner.plan(
              project().models().get(name), current.get(name.toString()), options.fullRefresh()));
    }
    return runs;
  }

  /** Plans one model from the ledger's state as of now. */
  public ModelRun plan(ModelName model, RunOptions options) {
    return session.plan(model, options.vars(), options.fullRefresh(), session.warehouse());
  }

  /** Loads every seed CSV, replacing its table; all seeds are checked before any is loaded. */
  public List<String> seed() {
    requireWritable();
    return Seeds.loadAll(project(), session.warehouse());
  }

  /**
   * Runs the data tests of the selected models on their published tables, then, when nothing is
   * selected by name, the seeds' tests; read-only.
   */
  public List<io.t4t.core.audit.TestResult> test(RunOptions options) {
    Map<ModelName, List<io.t4t.core.project.DataTest>> subjects = new java.util.LinkedHashMap<>();
    for (ModelName m : select(options)) {
      subjects.put(m, project().models().get(m).config().tests());
    }
    if (options.select().isEmpty()) {
      subjects.putAll(seedTests());
    }
    return DataTests.run(subjects, session.warehouse());
  }

  /** Runs the seeds' data tests on their loaded tables ({@code t4t build}, after loading). */
  public List<io.t4t.core.audit.TestResult> testSeeds() {
    return DataTests.run(seedTests(), session.warehouse());
  }

  private Map<ModelName, List<io.t4t.core.project.DataTest>> seedTests() {
    Map<ModelName, List<io.t4t.core.project.DataTest>> subjects = new java.util.LinkedHashMap<>();
    for (io.t4t.core.project.Seed seed : project().seeds()) {
      subjects.put(seed.name(), seed.tests());
    }
    return subjects;
  }

  /** Forgets a model's state so its next run is a full rebuild. */
  public boolean reset(String model) {
    return session.reset(model);
  }

  private List<ModelName> select(RunOptions options) {
    Set<ModelName> chosen = new TreeSet<>();
    if (options.select().isEmpty()) {
      chosen.addAll(project().models().keySet());
    } else {
      for (String s : options.select()) {
        chosen.add(project().resolveModel(s));
      }
    }
    for (String s : options.exclude()) {
      chosen.remove(project().resolveModel(s));
    }
    return graph().order().stream().filter(chosen::contains).toList();
  }

  private void requireWritable() {
    if (session.readOnly()) {
      throw new IllegalStateException("this runner was opened read-only");
    }
  }

  @Override
  public void close() {
    session.close();
  }
}
