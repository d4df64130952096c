package io.t4t.core.plan;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.project.Materialization;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelConfigHash;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.sql.ModelSql;
import io.t4t.core.sql.SqlValue;
import io.t4t.events.ModelState;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The planner role: decides, per model, full or incremental and the window, from the model's files,
 * its state and what the warehouse holds. Reads only.
 *
 * <p>The decision is here; its parts are apart: {@link PlanChecks} (why a model is refused), {@link
 * IncrementalWindow} (the delta's conditions), {@link ModelRuns} (rendering the chosen run) and
 * {@link Variables} ({@code --vars}). It is a little over 300 lines because every mode a model can
 * be planned in (refused, view, full, incremental, backfill) is chosen here, so one class shows why
 * a model runs as it does.
 */
public final class Planner {
  private final Project project;
  private final Dialect dialect;
  private final Catalog catalog;
  private final Map<String, SqlValue> vars;
  private final PlanChecks checks;
  private final IncrementalWindow windows;
  private final ModelRuns runs;
  private final SchemaChecks schemas;

  /**
   * @param tables renames table references in model SQL for the engine (null: keep them)
   * @param fileReaders the table functions that read files on any engine: a model calling one is
   *     refused on an engine without {@link io.t4t.core.dialect.Capability#READS_FILES}
   */
  public Planner(
      Project project,
      Dialect dialect,
      Catalog catalog,
      Map<String, SqlValue> vars,
      UnaryOperator<List<String>> tables,
      java.util.Set<String> fileReaders) {
    this.project = project;
    this.dialect = dialect;
    this.catalog = catalog;
    this.vars = Map.copyOf(vars);
    this.checks = new PlanChecks(dialect, project.materializationChange(), fileReaders);
    this.windows = new IncrementalWindow(dialect, this.vars);
    this.runs = new ModelRuns(dialect, catalog, this.vars, tables);
    this.schemas = new SchemaChecks(dialect);
  }

  /**
   * {@code --vars} as typed SQL values.
   *
   * @throws InvalidInputException for a name that is not an identifier or a value of no SQL type
   */
  public static Map<String, SqlValue> typedVars(Map<String, Object> vars) {
    return Variables.typed(vars);
  }

  /**
   * Checks {@code --vars} for a run of these models without a warehouse: names, values, and that
   * every variable the models use is set (a run request is refused with this, before it is
   * accepted).
   */
  public static void checkVariables(
      Project project, Collection<ModelName> models, Map<String, Object> vars) {
    new Planner(project, null, null, typedVars(vars), null, java.util.Set.of())
        .requireVariables(models);
  }

  /**
   * Checks that every variable the models use is set, before anything runs.
   *
   * @throws InvalidInputException naming the model, the variable and how to pass it
   */
  public void requireVariables(Collection<ModelName> models) {
    Variables.require(project, vars, models);
  }

  /** Plans one model given its state (null when it has none). */
  public ModelRun plan(Model model, ModelState state, boolean fullRefresh) {
    TargetInfo.Kind lastBuilt =
        state == null
            ? null
            : "view".equals(state.materialization()) ? TargetInfo.Kind.VIEW : TargetInfo.Kind.TABLE;
    // only an incremental plan reads whether the table is empty: others skip that query
    TargetInfo target =
        catalog.describe(
            TableName.of(model.name()), lastBuilt, model.config().incremental().isPresent());
    Materialization materialization = model.config().materialization();
    Optional<PlanChecks.Refusal> refusal = checks.engineReadsFiles(model);
    if (refusal.isPresent()) {
      return runs.refuse(model, target, refusal.get());
    }
    Optional<String> change = PlanChecks.materializationChange(model, state, target);
    refusal = checks.changeAllowed(model, change);
    if (refusal.isPresent()) {
      return runs.refuse(model, target, refusal.get());
    }
    if (materialization == Materialization.VIEW) {
      return runs.run(model, RunMode.VIEW, "view", List.of(), target, null, false, null);
    }
    if (materialization == Materialization.TABLE) {
      return runs.run(model, RunMode.FULL, "table", List.of(), target, null, false, null);
    }
    IncrementalConfig inc = model.config().incremental().orElseThrow();
    Optional<String> fullReason = fullReason(model, state, target, fullRefresh, change);
    if (fullReason.isPresent()) {
      return runs.run(
          model, RunMode.FULL, fullReason.get(), windows.start(inc), target, null, false, null);
    }
    refusal = checks.timeColumn(model, inc, target);
    if (refusal.isPresent()) {
      return runs.refuse(model, target, refusal.get());
    }
    IncrementalWindow.Delta delta =
        windows.delta(
            inc,
            state.lastProcessedValue(),
            target.empty(),
            target.typeOf(inc.timeColumn()).orElseThrow());
    ModelRun run =
        runs.run(
            model,
            RunMode.INCREMENTAL,
            delta.reason(),
            delta.conditions(),
            target,
            delta.previous(),
            delta.rereads(),
            inc.whereCondition()
                .map(
                    w ->
                        ModelSql.renderCondition(
                            Variables.conditionFile(project, model), w, vars, dialect))
                .orElse(null));
    if (run.queryShape().kind() != TargetInfo.Kind.TABLE) {
      return run; // the query cannot be described: the load reports its error
    }
    SchemaChecks.Decision schema =
        schemas.decide(model, inc, project.onSchemaChange(model), target, run.queryShape());
    if (schema.refusal() != null) {
      return runs.refuse(model, target, schema.refusal());
    }
    String rebuild = schema.rebuild();
    if (rebuild == null
        && inc.strategy() == io.t4t.core.project.StrategyKind.APPEND
        && run.rereadsLoadedRows()
        && schema.change() != null
        && !schema.change().add().isEmpty()) {
      // append skips re-read rows by comparing them with the table's; rows loaded before a column
      // was added hold NULL there, so they would not match and would be loaded twice. A rebuild
      // would lose rows the source no longer holds: refuse, and let the user choose
      return runs.refuse(
          model,
          target,
          new PlanChecks.Refusal(
              io.t4t.events.ErrorCode.SCHEMA_CHANGED,
              "Cannot add columns to "
                  + model.name()
                  + " ("
                  + schema.change().describe()
                  + ") and load incrementally: it appends with a window that re-reads loaded rows,"
                  + " which hold NULL in the new column and would be loaded twice; set"
                  + " on_schema_change = \"full_refresh\" to rebuild it from its source, or add the"
                  + " column with ALTER TABLE yourself and run again"));
    }
    if (rebuild != null) {
      return runs.run(model, RunMode.FULL, rebuild, windows.start(inc), target, null, false, null)
          .rebuildingFor(schema.change());
    }
    return run.withSchema(schema.change());
  }

  /**
   * Plans a backfill of {@code model}: reload the rows whose time column is {@code >= start} and
   * {@code < end}, values typed as the target's time column (decision 0012). Refuses, naming the
   * model, what cannot be backfilled as asked: a table or view (no window), a model not built yet
   * or due for a full build, a table without its time column. The bounds' syntax and order are
   * checked against the engine by the caller, before anything runs.
   *
   * @throws InvalidInputException naming the model and why
   */
  public ModelRun backfill(Model model, ModelState state, String start, String end) {
    String name = model.name().toString();
    Optional<IncrementalConfig> config = model.config().incremental();
    if (config.isEmpty()) {
      throw new InvalidInputException(
          "Cannot backfill model "
              + name
              + ": it is a "
              + model.config().materialization().wireName()
              + ", which has no time_column to take a window of (only incremental models can be"
              + " backfilled); rebuild it with t4t run --select "
              + name);
    }
    IncrementalConfig inc = config.get();
    TargetInfo target = catalog.describe(TableName.of(model.name()), TargetInfo.Kind.TABLE, false);
    Optional<String> full =
        fullReason(
            model, state, target, false, PlanChecks.materializationChange(model, state, target));
    Optional<PlanChecks.Refusal> refusal =
        checks.engineReadsFiles(model).or(() -> checks.timeColumn(model, inc, target));
    if (full.isEmpty() && refusal.isPresent()) {
      throw new InvalidInputException(refusal.get().message());
    }
    if (full.isPresent()) {
      throw new InvalidInputException(
          "Cannot backfill model "
              + name
              + ": it needs a full build first ("
              + full.get()
              + "); run t4t run --select "
              + name
              + ", then backfill");
    }
    String type = target.typeOf(inc.timeColumn()).orElseThrow();
    List<io.t4t.core.sql.Condition> window =
        List.of(
            io.t4t.core.sql.Condition.of(
                inc.timeColumn(), ">=", new SqlValue.Typed(start, type), dialect),
            io.t4t.core.sql.Condition.of(
                inc.timeColumn(), "<", new SqlValue.Typed(end, type), dialect));
    ModelRun run =
        runs.run(
            model,
            RunMode.BACKFILL,
            "backfill " + inc.timeColumn() + " >= " + start + " and < " + end,
            window,
            target,
            state.lastProcessedValue(),
            false,
            null);
    // a backfill writes the table's columns: a query whose columns differ is the next run's to
    // handle (on_schema_change), never a silent drop or cast inside a window
    if (run.queryShape().kind() == TargetInfo.Kind.TABLE) {
      io.t4t.core.project.OnSchemaChange mode = project.onSchemaChange(model);
      SchemaChange diff = SchemaChange.between(mode, target, run.queryShape(), dialect);
      // with ignore, the incremental runs load the shared columns: so may a backfill, as long as
      // the query still has every column of the table
      boolean loadsAsRunsDo =
          mode == io.t4t.core.project.OnSchemaChange.IGNORE && diff.removed().isEmpty();
      if (!diff.none() && !loadsAsRunsDo) {
        throw new InvalidInputException(
            "Cannot backfill model "
                + name
                + ": its query's columns differ from its table's ("
                + diff.describe()
                + "); run t4t run --select "
                + name
                + " first (on_schema_change decides what happens), then backfill");
      }
    }
    return inc.strategy() == io.t4t.core.project.StrategyKind.MERGE
        ? run.withQuery(withoutSupersededKeys(run, inc))
        : run;
  }

  /**
   * A merge backfill loads a key's version from the window only where the table holds no newer
   * version of that key (time at or after the window's end, which the backfill's delete keeps):
   * reloading the past never overwrites a later row. Planned here so the load and the batch's
   * audits read the same rows.
   */
  private String withoutSupersededKeys(ModelRun run, IncrementalConfig inc) {
    String end =
        run.window().stream()
            .filter(c -> c.operator().equals("<"))
            .map(io.t4t.core.sql.Condition::boundSql)
            .findFirst()
            .orElseThrow();
    List<String> on = new java.util.ArrayList<>();
    for (String k : inc.uniqueKey()) {
      on.add("t4t_newer." + dialect.quote(k) + " = t4t_window." + dialect.quote(k));
    }
    return "SELECT * FROM (\n"
        + run.query()
        + "\n) AS t4t_window WHERE NOT EXISTS (SELECT 1 FROM "
        + dialect.table(run.table())
        + " AS t4t_newer WHERE "
        + String.join(" AND ", on)
        + " AND t4t_newer."
        + dialect.quote(inc.timeColumn())
        + " >= "
        + end
        + ")";
  }

  /**
   * Why an incremental model is rebuilt in full rather than loaded incrementally (empty: it is
   * not): asked to, no table or no state to go on, or its materialization, SQL or config changed.
   */
  private static Optional<String> fullReason(
      Model model,
      ModelState state,
      TargetInfo target,
      boolean fullRefresh,
      Optional<String> change) {
    if (fullRefresh) {
      return Optional.of("full refresh requested");
    }
    if (target.kind() != TargetInfo.Kind.TABLE) {
      return Optional.of(state == null ? "first run" : "target table missing");
    }
    if (state == null) {
      return Optional.of("no state for the existing table");
    }
    if (change.isPresent()) {
      return Optional.of("materialization changed " + change.get());
    }
    if (!model.sql().hash().equals(state.sqlHash())) {
      return Optional.of("SQL changed");
    }
    if (!ModelConfigHash.of(model.config()).equals(state.configHash())) {
      return Optional.of("config changed");
    }
    return Optional.empty();
  }
}
