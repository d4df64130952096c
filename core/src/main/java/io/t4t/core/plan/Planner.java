package io.t4t.core.plan;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.project.Materialization;
import io.t4t.core.project.MaterializationChangeBehavior;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelConfigHash;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.project.StartValue;
import io.t4t.core.sql.Condition;
import io.t4t.core.sql.Literals;
import io.t4t.core.sql.ModelSql;
import io.t4t.core.sql.SqlValue;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The planner role: decides, per model, full or incremental and the window, from the model's files,
 * its state and what the warehouse holds. Reads only.
 */
public final class Planner {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  private final Project project;
  private final Dialect dialect;
  private final Catalog catalog;
  private final Map<String, SqlValue> vars;
  private final java.util.function.UnaryOperator<List<String>> tables;
  private final java.util.Set<String> fileReaders;

  /** A planner keeping table names, knowing only the dialect's own file readers. */
  public Planner(Project project, Dialect dialect, Catalog catalog, Map<String, SqlValue> vars) {
    this(
        project,
        dialect,
        catalog,
        vars,
        null,
        dialect == null ? java.util.Set.of() : dialect.fileReaders());
  }

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
      java.util.function.UnaryOperator<List<String>> tables,
      java.util.Set<String> fileReaders) {
    this.project = project;
    this.dialect = dialect;
    this.catalog = catalog;
    this.vars = Map.copyOf(vars);
    this.tables = tables;
    this.fileReaders = java.util.Set.copyOf(fileReaders);
  }

  /**
   * {@code --vars} as typed SQL values.
   *
   * @throws InvalidInputException for a name that is not an identifier or a value of no SQL type
   */
  public static Map<String, SqlValue> typedVars(Map<String, Object> vars) {
    Map<String, SqlValue> out = new java.util.LinkedHashMap<>();
    vars.forEach((k, v) -> out.put(Literals.variableName(k), Literals.fromJson(k, v)));
    return out;
  }

  /**
   * Checks {@code --vars} for a run of these models without a warehouse: names, values, and that
   * every variable the models use is set (a run request is refused with this, before it is
   * accepted).
   */
  public static void checkVariables(
      Project project, Collection<ModelName> models, Map<String, Object> vars) {
    new Planner(project, null, null, typedVars(vars)).requireVariables(models);
  }

  /**
   * Checks that every variable the models use is set, before anything runs.
   *
   * @throws InvalidInputException naming the model, the variable and how to pass it
   */
  public void requireVariables(Collection<ModelName> models) {
    for (ModelName name : models) {
      Model model = project.models().get(name);
      Set<String> needed = new TreeSet<>(model.sql().variables());
      model
          .config()
          .incremental()
          .ifPresent(
              inc -> {
                inc.whereCondition()
                    .ifPresent(w -> needed.addAll(ModelSql.conditionVariables(where(model), w)));
                if (inc.start() instanceof StartValue.Variable v) {
                  needed.add(v.name());
                  SqlValue value = vars.get(v.name());
                  if (value != null
                      && !(value instanceof SqlValue.Date
                          || value instanceof SqlValue.Timestamp
                          || value instanceof SqlValue.TimestampTz
                          || value instanceof SqlValue.Number)) {
                    throw new InvalidInputException(
                        "Invalid --vars value for '"
                            + v.name()
                            + "': "
                            + name
                            + " starts from it, so it must be an ISO date (2024-01-01), an ISO"
                            + " timestamp or a number, not "
                            + display(value));
                  }
                }
              });
      for (String var : needed) {
        if (!vars.containsKey(var)) {
          throw new InvalidInputException(
              "Cannot run "
                  + name
                  + ": variable '"
                  + var
                  + "' is not set; pass it with --vars '{\""
                  + var
                  + "\": \"...\"}'");
        }
      }
    }
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
    String label = startLabel(model);
    java.util.Set<String> files = model.sql().fileSources(fileReaders);
    if (!files.isEmpty() && !dialect.supports(io.t4t.core.dialect.Capability.READS_FILES)) {
      return refuse(
          model,
          target,
          ErrorCode.INVALID_MODEL,
          "Cannot run "
              + model.name()
              + " on "
              + dialect.name()
              + ": it reads files ("
              + String.join(", ", files)
              + ") with read_csv and friends, which only DuckDB can; load the files into a table"
              + " first, or leave the model out with --exclude "
              + model.name());
    }
    Optional<String> change = materializationChange(model, state, target);
    if (change.isPresent()) {
      MaterializationChangeBehavior behavior = project.materializationChange();
      if (behavior == MaterializationChangeBehavior.ERROR) {
        return refuse(
            model,
            target,
            ErrorCode.MATERIALIZATION_CHANGED,
            "Cannot change the materialization of "
                + model.name()
                + " "
                + change.get()
                + ": project.toml sets materialization_change_behavior = \"error\" (set it to"
                + " \"warn\" to rebuild the model)");
      }
      if (behavior == MaterializationChangeBehavior.WARN) {
        LOG.warning(
            "Materialization of " + model.name() + " changed " + change.get() + "; rebuilding it");
      }
    }
    if (materialization == Materialization.VIEW) {
      return run(model, RunMode.VIEW, "view", List.of(), target, null, label, false, null);
    }
    if (materialization == Materialization.TABLE) {
      return run(model, RunMode.FULL, "table", List.of(), target, null, label, false, null);
    }
    IncrementalConfig inc = model.config().incremental().orElseThrow();
    Optional<String> fullReason = fullReason(model, state, target, fullRefresh, change);
    if (fullReason.isPresent()) {
      return run(
          model,
          RunMode.FULL,
          fullReason.get(),
          startWindow(inc),
          target,
          null,
          label,
          false,
          null);
    }
    Optional<String> timeType = target.typeOf(inc.timeColumn());
    if (timeType.isEmpty()) {
      return refuse(
          model,
          target,
          ErrorCode.INVALID_MODEL,
          "Cannot run "
              + model.name()
              + " incrementally: its table has no column '"
              + inc.timeColumn()
              + "' (the time column); rebuild it with --full-refresh");
    }
    if (inc.lookback().isPresent() && !dialect.isTemporal(timeType.get())) {
      return refuse(
          model,
          target,
          ErrorCode.INVALID_MODEL,
          "Cannot apply lookback '"
              + inc.lookback().get()
              + "' to "
              + model.name()
              + ": its time column '"
              + inc.timeColumn()
              + "' is "
              + timeType.get()
              + ", not a date or timestamp; remove the lookback or use a temporal time column");
    }
    List<Condition> window = new ArrayList<>();
    boolean rereads;
    String reason;
    String previous = state.lastProcessedValue();
    if (inc.start() instanceof StartValue.Variable) {
      window.addAll(startWindow(inc));
      rereads = true;
      reason = "incremental from " + label;
    } else if (target.empty() || state.lastProcessedValue() == null) {
      window.addAll(startWindow(inc));
      rereads = true;
      reason =
          "incremental, target empty: loading everything" + (window.isEmpty() ? "" : " from start");
      previous = null; // the rows it described are gone: measure afresh
    } else {
      SqlValue bound = new SqlValue.Typed(state.lastProcessedValue(), timeType.get());
      window.add(
          inc.lookback().isPresent()
              ? new Condition(
                  inc.timeColumn(),
                  ">",
                  bound,
                  v -> dialect.minus(dialect.literal(v), timeType.get(), inc.lookback().get()))
              : Condition.of(inc.timeColumn(), ">", bound, dialect));
      window.addAll(startWindow(inc));
      rereads = inc.lookback().isPresent();
      reason =
          "incremental after "
              + state.lastProcessedValue()
              + inc.lookback().map(l -> " minus lookback " + l).orElse("");
    }
    return run(
        model,
        RunMode.INCREMENTAL,
        reason,
        window,
        target,
        previous,
        label,
        rereads,
        inc.whereCondition()
            .map(w -> ModelSql.renderCondition(where(model), w, vars, dialect))
            .orElse(null));
  }

  private ModelRun run(
      Model model,
      RunMode mode,
      String reason,
      List<Condition> window,
      TargetInfo target,
      String previousWatermark,
      String label,
      boolean rereads,
      String deleteCondition) {
    String query = model.sql().render(window, vars, dialect, tables);
    TargetInfo shape = TargetInfo.NONE;
    boolean keepsLatest =
        model
            .config()
            .incremental()
            .map(i -> i.onDuplicateKeys() == io.t4t.core.project.DuplicateKeyPolicy.KEEP_LATEST)
            .orElse(false);
    if ((mode == RunMode.FULL || mode == RunMode.VIEW)
        && (!dialect.supports(io.t4t.core.dialect.Capability.CREATE_OR_REPLACE_TABLE)
            // keeping the latest row without a temp table names the query's columns
            || (mode == RunMode.FULL
                && keepsLatest
                && !dialect.supports(io.t4t.core.dialect.Capability.TEMP_TABLES)))) {
      try {
        shape = catalog.describeQuery(query);
      } catch (RuntimeException e) {
        // the run itself reports the query's error
      }
    }
    String resolved = null;
    if (model
        .config()
        .incremental()
        .map(i -> i.start() instanceof StartValue.Variable)
        .orElse(false)) {
      StartValue.Variable v = (StartValue.Variable) model.config().incremental().get().start();
      resolved = display(vars.get(v.name()));
    }
    return new ModelRun(
        model,
        mode,
        reason,
        window,
        query,
        Optional.ofNullable(deleteCondition),
        target,
        previousWatermark,
        label,
        resolved,
        null,
        rereads,
        shape);
  }

  private ModelRun refuse(Model model, TargetInfo target, ErrorCode code, String message) {
    return new ModelRun(
        model,
        RunMode.REFUSE,
        message,
        List.of(),
        "",
        Optional.empty(),
        target,
        null,
        startLabel(model),
        null,
        code,
        false,
        TargetInfo.NONE);
  }

  /** The conditions the start value imposes: {@code >= literal} or {@code >= @var}; auto: none. */
  private List<Condition> startWindow(IncrementalConfig inc) {
    if (inc.start() instanceof StartValue.Literal l) {
      SqlValue v =
          l.value() instanceof String s
              ? Literals.fromString(s)
              : new SqlValue.Number(new java.math.BigDecimal(l.value().toString()));
      return List.of(Condition.of(inc.timeColumn(), ">=", v, dialect));
    }
    if (inc.start() instanceof StartValue.Variable v) {
      return List.of(Condition.of(inc.timeColumn(), ">=", vars.get(v.name()), dialect));
    }
    return List.of();
  }

  private Optional<String> fullReason(
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

  private static Optional<String> materializationChange(
      Model model, ModelState state, TargetInfo target) {
    String now = model.config().materialization().wireName();
    String before = state == null ? null : state.materialization();
    if (before == null) {
      if (target.kind() == TargetInfo.Kind.VIEW && !now.equals("view")) {
        before = "view";
      } else if (target.kind() == TargetInfo.Kind.TABLE && now.equals("view")) {
        before = "table";
      }
    }
    if (before != null && !before.equals(now)) {
      return Optional.of("from " + before + " to " + now);
    }
    return Optional.empty();
  }

  private static String startLabel(Model model) {
    return model.config().incremental().map(i -> i.start().text()).orElse("auto");
  }

  private static String display(SqlValue v) {
    if (v instanceof SqlValue.Date d) {
      return d.value().toString();
    }
    if (v instanceof SqlValue.Timestamp t) {
      return t.value().toString();
    }
    if (v instanceof SqlValue.TimestampTz t) {
      return t.value().toString();
    }
    if (v instanceof SqlValue.Number n) {
      return n.value().toPlainString();
    }
    if (v instanceof SqlValue.Text t) {
      return t.value();
    }
    if (v instanceof SqlValue.Bool b) {
      return String.valueOf(b.value());
    }
    return "NULL";
  }

  private String where(Model model) {
    return project.root().relativize(model.sqlFile()).toString().replace(".sql", ".py");
  }
}
