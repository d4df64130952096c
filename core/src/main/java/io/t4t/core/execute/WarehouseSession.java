package io.t4t.core.execute;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.dialect.TableName;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.plan.Catalog;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.events.ModelState;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * One loaded project over its opened warehouse: the dialect, the run ledger and the model state the
 * ledger records, and the executors that write to it. The roles plan and apply through a session,
 * so the project is parsed once by whoever opens it (the CLI, the embedded runtime, an executor)
 * and never again per model or command. Opened read-only it creates and changes nothing. Every
 * write that moves the ledger goes through here with the state it implies (hence a little over 300
 * lines): kept apart, the two could disagree.
 */
public final class WarehouseSession implements AutoCloseable {
  /** A copy of the state kept elsewhere (the state file), fed each recorded ledger entry. */
  public interface StateMirror {
    void apply(LedgerEntry entry);

    void close();
  }

  private final Project project;
  private final ModelGraph graph;
  private final UnaryOperator<List<String>> tableNames;
  private final Warehouse warehouse;
  private final StateMirror mirror; // null: none
  private final boolean readOnly;
  private final Map<String, ModelState> state = new TreeMap<>();
  private final Map<String, Long> positions = new TreeMap<>();
  private final Executor executor;
  private final FanOutExecutor fanOut;

  private WarehouseSession(
      Project project,
      ModelGraph graph,
      UnaryOperator<List<String>> tableNames,
      Warehouse warehouse,
      Map<String, LedgerEntry> latest,
      StateMirror mirror,
      boolean readOnly) {
    this.project = project;
    this.graph = graph;
    this.tableNames = tableNames;
    this.warehouse = warehouse;
    this.mirror = mirror;
    this.readOnly = readOnly;
    latest.values().forEach(this::learn);
    this.executor = new Executor(warehouse);
    this.fanOut = new FanOutExecutor(warehouse, executor);
  }

  /**
   * Takes over {@code warehouse} (closed on failure) and reads each model's newest ledger entry; a
   * writable session first creates the run ledger (and the fan-out tables when the project fans
   * out), a read-only one creates and changes nothing.
   *
   * @param tableNames how model SQL names tables on this engine (null: as written)
   * @param mirror given the newest entries, the state copy to keep (null: none)
   */
  public static WarehouseSession open(
      Project project,
      ModelGraph graph,
      UnaryOperator<List<String>> tableNames,
      Warehouse warehouse,
      boolean readOnly,
      Function<Map<String, LedgerEntry>, StateMirror> mirror) {
    try {
      Ledger ledger = new Ledger(warehouse);
      if (!readOnly) {
        ledger.ensure();
        if (project.fanOut().buckets() > 1) {
          new FanOutExecutor(warehouse, new Executor(warehouse)).ensure();
        }
      }
      Map<String, LedgerEntry> latest =
          readOnly && !ledger.exists() ? Map.of() : ledger.latestPerModel();
      StateMirror m = mirror == null ? null : mirror.apply(latest);
      return new WarehouseSession(project, graph, tableNames, warehouse, latest, m, readOnly);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(warehouse);
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(
          (readOnly ? "Cannot read the run ledger: " : "Cannot prepare the warehouse: ")
              + e.getMessage(),
          e);
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

  public boolean readOnly() {
    return readOnly;
  }

  /** Model state as the run ledger records it: the state of the data that is actually there. */
  public Map<String, ModelState> state() {
    return Collections.unmodifiableMap(state);
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
   * processes may write to meanwhile (a {@code t4t state reset}, another t4t). Where the engine has
   * no concurrent writers (a DuckDB file, held by this process alone) nothing can have changed.
   */
  public void refresh(ModelName model) {
    if (!warehouse.dialect().supports(io.t4t.core.dialect.Capability.CONCURRENT_WRITERS)) {
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
  public Optional<LedgerEntry> applied(String runId, ModelName model) {
    try {
      return new Ledger(warehouse).find(runId, model.toString());
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the run ledger for " + model + ": " + e.getMessage(), e);
    }
  }

  /**
   * The catalog to plan {@code models} with: one catalog query for them all where the engine allows
   * it (and whether incremental models' tables are empty, asked together), else the warehouse
   * itself. It describes the tables as they are now.
   */
  public Catalog catalogFor(Collection<ModelName> models) {
    return warehouse.catalogFor(
        models.stream().map(TableName::of).toList(),
        models.stream()
            .filter(m -> project.models().get(m).config().incremental().isPresent())
            .map(TableName::of)
            .toList());
  }

  /** A planner for this project and engine, describing tables through {@code catalog}. */
  public Planner planner(Map<String, Object> vars, Catalog catalog) {
    return new Planner(
        project,
        warehouse.dialect(),
        catalog,
        Planner.typedVars(vars),
        tableNames,
        graph.fileReaders());
  }

  /** Plans one model from the ledger's state as of now; fails with exit-2 errors. */
  public ModelRun plan(
      ModelName model, Map<String, Object> vars, boolean fullRefresh, Catalog catalog) {
    if (!project.models().containsKey(model)) {
      throw new InvalidInputException(
          "Unknown model '"
              + model
              + "' (models in this project: "
              + project.models().keySet()
              + ")");
    }
    Planner planner = planner(vars, catalog);
    planner.requireVariables(List.of(model));
    return planner.plan(project.models().get(model), state.get(model.toString()), fullRefresh);
  }

  /** Applies a planned run as part of {@code runId}; a run already in the ledger is not applied. */
  public RunOutcome apply(ModelRun run, String runId) {
    requireWritable();
    return recorded(executor.execute(run, runId));
  }

  /**
   * Applies a run planned from the model's ledger position {@code basedOnLedgerSeq}; it fails with
   * {@code STALE_PLAN}, changing nothing, if another session moved that position meanwhile.
   */
  public RunOutcome apply(ModelRun run, String runId, long basedOnLedgerSeq) {
    requireWritable();
    return recorded(executor.execute(run, runId, basedOnLedgerSeq));
  }

  /**
   * Stages an incremental merge or delete_insert for fan-out into {@code [fan_out]} buckets, or
   * applies it directly (small delta, fan-out off, or another strategy).
   */
  public FanOutExecutor.StageResult stage(ModelRun run, String runId) {
    requireWritable();
    var result = fanOut.stage(run, runId, project.fanOut());
    if (result instanceof FanOutExecutor.Direct d) {
      recorded(d.outcome());
    }
    return result;
  }

  /** Applies one bucket of a staged run (a merge sink's work). */
  public FanOutExecutor.BucketOutcome applyBucket(
      String runId, ModelName model, int bucket, int buckets) {
    requireWritable();
    return fanOut.applyBucket(runId, model.toString(), bucket, buckets);
  }

  /** Records a fanned-out run whose buckets are all applied, and its state. */
  public RunOutcome finish(ModelName model, String runId) {
    requireWritable();
    return recorded(fanOut.finish(model, runId));
  }

  /**
   * Records in the run history that {@code run} was skipped in {@code runId} because an upstream
   * model failed (where this process decided it: a backfill, a run in this process).
   */
  public void skipped(ModelRun run, String runId, String message) {
    requireWritable();
    executor
        .failures()
        .record(
            RunDetails.failure(run, runId, io.t4t.events.ErrorCode.UPSTREAM_FAILED, message, 0));
  }

  /**
   * Records in the run history a run that failed or was skipped before it was planned here (an
   * executor's plan refused, a model the coordinator skipped in this process).
   */
  public void recordFailure(RunFailure failure) {
    requireWritable();
    executor.failures().record(failure);
  }

  /** Forgets a model's state so its next run is a full rebuild; false if it had none. */
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

  private RunOutcome recorded(RunOutcome outcome) {
    if (outcome.status() == RunOutcome.Status.SUCCEEDED) {
      record(outcome.entry());
    }
    return outcome;
  }

  private void record(LedgerEntry entry) {
    learn(entry);
    if (mirror != null) {
      mirror.apply(entry);
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

  private void requireWritable() {
    if (readOnly) {
      throw new IllegalStateException("this session was opened read-only");
    }
  }

  @Override
  public void close() {
    // the warehouse checkpoints on close while the state mirror finishes
    CompletableFuture<Void> closing =
        mirror == null
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.runAsync(mirror::close);
    closeQuietly(warehouse);
    closing.join();
  }

  private static void closeQuietly(Warehouse w) {
    try {
      w.close();
    } catch (SQLException ignored) {
      // nothing to do
    }
  }
}
