package io.t4t.core.run;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.dialect.TableName;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.Executor;
import io.t4t.core.execute.Ledger;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.execute.Warehouse;
import io.t4t.core.plan.Catalog;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.project.Seed;
import io.t4t.core.sql.SqlValue;
import io.t4t.core.state.DuckDbStateStore;
import io.t4t.core.state.StateStore;
import io.t4t.core.state.StateWriter;
import io.t4t.events.ModelState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;

/**
 * Runs a project in this process: planner, executor and state store over one warehouse connection.
 * Open it read-only for {@code plan}, {@code compile} and {@code state show}: those create and
 * change nothing.
 */
public final class ProjectRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  private final Project project;
  private final ModelGraph graph;
  private final Warehouse warehouse;
  private final boolean readOnly;
  private final Map<String, ModelState> state;
  private final Map<String, Long> positions = new TreeMap<>();
  private final StateWriter stateWriter;
  private final Executor executor;
  private final io.t4t.core.execute.FanOutExecutor fanOut;

  private ProjectRunner(
      Project project,
      ModelGraph graph,
      Warehouse warehouse,
      Map<String, LedgerEntry> latest,
      StateWriter stateWriter,
      boolean readOnly) {
    this.project = project;
    this.graph = graph;
    this.warehouse = warehouse;
    this.state = new TreeMap<>(StateStore.project(latest));
    latest.forEach((model, entry) -> positions.put(model, entry.seq()));
    this.stateWriter = stateWriter;
    this.readOnly = readOnly;
    this.executor = new Executor(warehouse);
    this.fanOut = new io.t4t.core.execute.FanOutExecutor(warehouse, executor);
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
    Warehouse w = Engine.open(project, false);
    try {
      Ledger ledger = new Ledger(w);
      ledger.ensure();
      if (project.fanOut().buckets() > 1) {
        new io.t4t.core.execute.FanOutExecutor(w, new Executor(w)).ensure();
      }
      Map<String, LedgerEntry> latest = ledger.latestPerModel();
      StateWriter writer =
          stateFile
              ? StateWriter.start(() -> DuckDbStateStore.open(project.stateFile()), latest)
              : null;
      return new ProjectRunner(project, graph, w, latest, writer, false);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(w);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("Cannot prepare the warehouse: " + e.getMessage(), e);
    }
  }

  /** Opens the warehouse read-only; nothing is created or changed. */
  public static ProjectRunner openReadOnly(Project project) {
    ModelGraph graph = ModelGraph.build(project, Engine.resolver(project));
    Warehouse w = Engine.open(project, true);
    try {
      Ledger ledger = new Ledger(w);
      Map<String, LedgerEntry> latest = ledger.exists() ? ledger.latestPerModel() : Map.of();
      return new ProjectRunner(project, graph, w, latest, null, true);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(w);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("Cannot read the run ledger: " + e.getMessage(), e);
    }
  }

  public Project project() {
    return project;
  }

  public ModelGraph graph() {
    return graph;
  }

  public Warehouse warehouse() {
    return warehouse;
  }

  /**
   * Model state as the warehouse's run ledger records it: the state of the data that is actually
   * there. ({@code data/tee_state.db} mirrors it.)
   */
  public Map<String, ModelState> state() {
    return java.util.Collections.unmodifiableMap(state);
  }

  /**
   * The model's newest ledger position (0: none): the position of its state, or of the reset that
   * removed it. A model-run command is planned from this position.
   */
  public long ledgerSeq(ModelName model) {
    return positions.getOrDefault(model.toString(), 0L);
  }

  /**
   * Reads the model's newest ledger entry again, for a long-running process on an engine other
   * processes may write to meanwhile (a {@code t4t state reset}, another t4t): its state and ledger
   * position then describe the ledger as it is now. A DuckDB file is held by this process alone, so
   * there nothing can have changed.
   */
  public void refresh(ModelName model) {
    if (project.connection().type() == io.t4t.core.project.EngineType.DUCKDB) {
      return;
    }
    try {
      new Ledger(warehouse).latest(model.toString()).ifPresent(this::learn);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the run ledger for " + model + ": " + e.getMessage(), e);
    }
  }

  /** The ledger entry of {@code runId} for the model, if that run was applied. */
  public java.util.Optional<LedgerEntry> applied(String runId, ModelName model) {
    try {
      return new Ledger(warehouse).find(runId, model.toString());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the run ledger for " + model + ": " + e.getMessage(), e);
    }
  }

  private void learn(LedgerEntry entry) {
    positions.put(entry.model(), entry.seq());
    if (entry.kind().equals(LedgerEntry.RESET)) {
      state.remove(entry.model());
    } else {
      state.put(entry.model(), entry.toState());
    }
  }

  private void record(LedgerEntry entry) {
    learn(entry);
    if (stateWriter != null) {
      stateWriter.apply(entry);
    }
  }

  /**
   * Checks a run's input without planning it: the models it names exist and every variable they use
   * is set and valid. Fails with exit-2 errors before anything runs.
   */
  public void check(RunOptions options) {
    Planner.checkVariables(project, select(options), options.vars());
  }

  /** Plans the selected models in run order; fails with exit-2 errors before anything runs. */
  public List<ModelRun> plan(RunOptions options) {
    List<ModelName> models = select(options);
    Planner planner =
        new Planner(
            project,
            warehouse.dialect(),
            catalogFor(models),
            typedVars(options.vars()),
            Engine.tableNames(project),
            Engine.fileReaders());
    planner.requireVariables(models);
    Map<String, ModelState> current = state();
    List<ModelRun> runs = new ArrayList<>();
    for (ModelName name : models) {
      runs.add(
          planner.plan(
              project.models().get(name), current.get(name.toString()), options.fullRefresh()));
    }
    return runs;
  }

  /**
   * The catalog to plan {@code models} with: one catalog query for them all where the engine allows
   * it (and whether incremental models' tables are empty, asked together), else the warehouse
   * itself. It describes the tables as they are now: for one run, in which each model's table
   * changes only by that model's own run, after it is planned.
   */
  public Catalog catalogFor(java.util.Collection<ModelName> models) {
    return warehouse.catalogFor(
        models.stream().map(TableName::of).toList(),
        models.stream()
            .filter(m -> project.models().get(m).config().incremental().isPresent())
            .map(TableName::of)
            .toList());
  }

  /** Plans one model from the ledger's state as of now (the executor role re-plans this way). */
  public ModelRun plan(ModelName model, RunOptions options) {
    return plan(model, options, warehouse);
  }

  /** As {@link #plan(ModelName, RunOptions)}, describing tables through {@code catalog}. */
  public ModelRun plan(ModelName model, RunOptions options, Catalog catalog) {
    if (!project.models().containsKey(model)) {
      throw new InvalidInputException(
          "Unknown model '"
              + model
              + "' (models in this project: "
              + project.models().keySet()
              + ")");
    }
    Planner planner =
        new Planner(
            project,
            warehouse.dialect(),
            catalog,
            typedVars(options.vars()),
            Engine.tableNames(project),
            Engine.fileReaders());
    planner.requireVariables(List.of(model));
    return planner.plan(
        project.models().get(model), state.get(model.toString()), options.fullRefresh());
  }

  /**
   * Applies a planned run as part of {@code runId} and records its state. A run already in the
   * ledger is not applied again.
   */
  public RunOutcome apply(ModelRun run, String runId) {
    requireWritable();
    RunOutcome outcome = executor.execute(run, runId);
    if (outcome.status() == RunOutcome.Status.SUCCEEDED) {
      record(outcome.entry());
    }
    return outcome;
  }

  /**
   * Stages an incremental merge or delete_insert for fan-out into {@code [fan_out]} buckets, or
   * applies it directly (small delta, fan-out off, or another strategy). A direct run that
   * succeeded is recorded as by {@link #apply}.
   */
  public io.t4t.core.execute.FanOutExecutor.StageResult stage(ModelRun run, String runId) {
    requireWritable();
    var result = fanOut.stage(run, runId, project.fanOut());
    if (result instanceof io.t4t.core.execute.FanOutExecutor.Direct d
        && d.outcome().status() == RunOutcome.Status.SUCCEEDED) {
      record(d.outcome().entry());
    }
    return result;
  }

  /** Applies one bucket of a staged run (a merge sink's work). */
  public io.t4t.core.execute.FanOutExecutor.BucketOutcome applyBucket(
      String runId, ModelName model, int bucket, int buckets) {
    requireWritable();
    return fanOut.applyBucket(runId, model.toString(), bucket, buckets);
  }

  /** Records a fanned-out run whose buckets are all applied, and its state. */
  public RunOutcome finish(ModelName model, String runId) {
    requireWritable();
    RunOutcome outcome = fanOut.finish(model, runId);
    if (outcome.status() == RunOutcome.Status.SUCCEEDED) {
      record(outcome.entry());
    }
    return outcome;
  }

  /** Loads every seed CSV, replacing its table; all seeds are checked before any is loaded. */
  public List<String> seed() {
    requireWritable();
    String catalog = warehouse.catalogName();
    for (Seed seed : project.seeds()) {
      if (seed.schema().equals(catalog)) {
        throw new InvalidInputException(
            "Invalid seed "
                + project.root().relativize(seed.file())
                + ": schema '"
                + seed.schema()
                + "' has the name of the database file, so '"
                + catalog
                + "."
                + seed.table()
                + "' would be ambiguous in DuckDB. Move it to seeds/main/"
                + seed.table()
                + ".csv: model SQL reaches it as "
                + catalog
                + "."
                + seed.table());
      }
    }
    List<String> loaded = new ArrayList<>();
    for (Seed seed : project.seeds()) {
      TableName table = new TableName(seed.schema(), seed.table());
      try {
        warehouse.begin();
        warehouse.execute(warehouse.dialect().createSchemaIfNotExists(seed.schema()));
        SeedLoader.load(warehouse, table, seed.file());
        long rows =
            ((Number)
                    warehouse
                        .query("SELECT count(*) FROM " + warehouse.dialect().table(table))
                        .get(0)
                        .get(0))
                .longValue();
        warehouse.commit();
        LOG.info("Loaded seed " + table + " with " + rows + " rows");
        loaded.add(table.toString());
      } catch (SQLException e) {
        warehouse.rollbackQuietly();
        throw new InvalidInputException(
            "Cannot load seed "
                + project.root().relativize(seed.file())
                + ": "
                + e.getMessage().lines().findFirst().orElse(""),
            e);
      }
    }
    return loaded;
  }

  /** Forgets a model's state so its next run is a full rebuild. */
  public boolean reset(String model) {
    requireWritable();
    String name = state.containsKey(model) ? model : project.resolveModel(model).toString();
    if (!state.containsKey(name)) {
      return false;
    }
    try {
      warehouse.begin();
      LedgerEntry entry =
          new Ledger(warehouse)
              .append(
                  new LedgerEntry(
                      0,
                      "reset-" + UUID.randomUUID(),
                      name,
                      LedgerEntry.RESET,
                      null,
                      null,
                      null,
                      null,
                      null,
                      0,
                      null));
      warehouse.commit();
      record(entry);
      return true;
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      throw new IllegalStateException("Cannot reset " + name + ": " + e.getMessage(), e);
    }
  }

  private List<ModelName> select(RunOptions options) {
    Set<ModelName> chosen = new TreeSet<>();
    if (options.select().isEmpty()) {
      chosen.addAll(project.models().keySet());
    } else {
      for (String s : options.select()) {
        chosen.add(project.resolveModel(s));
      }
    }
    for (String s : options.exclude()) {
      chosen.remove(project.resolveModel(s));
    }
    return graph.order().stream().filter(chosen::contains).toList();
  }

  private static Map<String, SqlValue> typedVars(Map<String, Object> vars) {
    return Planner.typedVars(vars);
  }

  private void requireWritable() {
    if (readOnly) {
      throw new IllegalStateException("this runner was opened read-only");
    }
  }

  @Override
  public void close() {
    // the warehouse checkpoints on close while the state writer finishes
    CompletableFuture<Void> writer =
        stateWriter == null
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(stateWriter::close);
    closeQuietly(warehouse);
    writer.join();
  }

  private static void closeQuietly(Warehouse w) {
    try {
      w.close();
    } catch (SQLException ignored) {
      // nothing to do
    }
  }
}
