package io.t4t.core.plan;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.project.StartValue;
import io.t4t.core.sql.Condition;
import io.t4t.core.sql.Literals;
import io.t4t.core.sql.SqlValue;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The window an incremental model loads, as conditions on its time column: after the last processed
 * value (less the lookback), from the start value on; everything from the start when the table is
 * empty or the start is a variable.
 */
final class IncrementalWindow {
  /**
   * One incremental load's window.
   *
   * @param conditions on the time column (empty: everything)
   * @param rereads true when the window may hold rows an earlier run already loaded
   * @param reason why this window, for logs and {@code t4t plan}
   * @param previous the last processed value the window starts after (null: measure afresh)
   */
  record Delta(List<Condition> conditions, boolean rereads, String reason, String previous) {}

  private final Dialect dialect;
  private final Map<String, SqlValue> vars;

  IncrementalWindow(Dialect dialect, Map<String, SqlValue> vars) {
    this.dialect = dialect;
    this.vars = vars;
  }

  /**
   * The delta after {@code lastProcessed} in a table whose time column has {@code timeType}.
   *
   * @param lastProcessed the state's last processed value (null: none)
   * @param targetEmpty true when the table holds no rows
   */
  Delta delta(IncrementalConfig inc, String lastProcessed, boolean targetEmpty, String timeType) {
    List<Condition> window = new ArrayList<>();
    boolean rereads;
    String reason;
    String previous = lastProcessed;
    if (inc.start() instanceof StartValue.Variable) {
      window.addAll(start(inc));
      rereads = true;
      reason = "incremental from " + inc.start().text();
    } else if (targetEmpty || lastProcessed == null) {
      window.addAll(start(inc));
      rereads = true;
      reason =
          "incremental, target empty: loading everything" + (window.isEmpty() ? "" : " from start");
      previous = null; // the rows it described are gone: measure afresh
    } else {
      SqlValue bound = new SqlValue.Typed(lastProcessed, timeType);
      window.add(
          inc.lookback().isPresent()
              ? new Condition(
                  inc.timeColumn(),
                  ">",
                  bound,
                  v -> dialect.minus(dialect.literal(v), timeType, inc.lookback().get()))
              : Condition.of(inc.timeColumn(), ">", bound, dialect));
      window.addAll(start(inc));
      rereads = inc.lookback().isPresent();
      reason =
          "incremental after "
              + lastProcessed
              + inc.lookback().map(l -> " minus lookback " + l).orElse("");
    }
    return new Delta(window, rereads, reason, previous);
  }

  /** The conditions the start value imposes: {@code >= literal} or {@code >= @var}; auto: none. */
  List<Condition> start(IncrementalConfig inc) {
    if (inc.start() instanceof StartValue.Literal l) {
      SqlValue v =
          l.value() instanceof String s
              ? Literals.fromString(s)
              : new SqlValue.Number(new BigDecimal(l.value().toString()));
      return List.of(Condition.of(inc.timeColumn(), ">=", v, dialect));
    }
    if (inc.start() instanceof StartValue.Variable v) {
      return List.of(Condition.of(inc.timeColumn(), ">=", vars.get(v.name()), dialect));
    }
    return List.of();
  }
}
