package io.t4t.core.audit;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.DataTest;
import io.t4t.core.project.ModelName;
import io.t4t.core.sql.SelfReads;
import io.t4t.core.sql.SqlValue;
import io.t4t.core.strategy.AfterWrite;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link DataTest} to a query returning (at most {@code limit} of) its failing rows,
 * spelled through the dialect: identifiers quoted, accepted values rendered as literals. A test
 * runs either on a published table ({@code t4t test}) or on a run's batch before it is published
 * (an audit), where the batch is the run's query under the CTE name {@value #BATCH}.
 */
public final class TestQueries {
  /** The CTE name a run's batch is read through in an audit. */
  public static final String BATCH = "t4t_batch";

  /** The CTE name of the target as it would be after the write. */
  static final String AFTER = "t4t_after";

  private TestQueries() {}

  /** The failing rows of {@code test} on the published table of {@code model} (or seed). */
  public static String onTable(DataTest test, ModelName model, Dialect d, int limit) {
    String table = d.table(TableName.of(model));
    if (test instanceof DataTest.CustomSql c) {
      return failures(c.sql(), limit);
    }
    return body(test, table, d) + orderAndLimit(limit);
  }

  /**
   * The failing rows of {@code test} in the batch {@code run} is about to write. {@code unique}
   * reads the target as it would be after the write; custom SQL reads the batch where it names the
   * model.
   */
  public static String onBatch(DataTest test, ModelRun run, Dialect d, int limit) {
    String with = "WITH " + BATCH + " AS (\n" + run.query() + "\n)";
    if (test instanceof DataTest.CustomSql c) {
      String sql =
          SelfReads.readingAs(
              run.model().sqlFile() + " (test " + c.name() + ")",
              c.sql(),
              run.name().schema(),
              run.name().name(),
              BATCH,
              d);
      return with + "\n" + failures(sql, limit);
    }
    if (test instanceof DataTest.Unique) {
      with += ",\n" + AFTER + " AS (\n" + AfterWrite.query(run, d, BATCH) + "\n)";
      return with + "\n" + body(test, AFTER, d) + orderAndLimit(limit);
    }
    return with + "\n" + body(test, BATCH, d) + orderAndLimit(limit);
  }

  private static String failures(String sql, int limit) {
    return "SELECT * FROM (\n" + sql + "\n) AS t4t_failures" + "\nLIMIT " + limit;
  }

  private static String orderAndLimit(int limit) {
    return "\nORDER BY 1\nLIMIT " + limit;
  }

  private static String body(DataTest test, String from, Dialect d) {
    if (test instanceof DataTest.NotNull t) {
      List<String> nulls = new ArrayList<>();
      for (String c : t.columns()) {
        nulls.add(d.quote(c) + " IS NULL");
      }
      return "SELECT * FROM " + from + " WHERE " + String.join(" OR ", nulls);
    }
    if (test instanceof DataTest.Unique t) {
      List<String> present = new ArrayList<>();
      for (String c : t.columns()) {
        present.add(d.quote(c) + " IS NOT NULL");
      }
      String cols = d.columns(t.columns());
      return "SELECT "
          + cols
          + ", COUNT(*) AS t4t_rows FROM "
          + from
          + " WHERE "
          + String.join(" AND ", present)
          + " GROUP BY "
          + cols
          + " HAVING COUNT(*) > 1";
    }
    if (test instanceof DataTest.AcceptedValues t) {
      List<String> literals = new ArrayList<>();
      for (Object v : t.values()) {
        literals.add(
            d.literal(
                v instanceof BigDecimal n
                    ? new SqlValue.Number(n)
                    : new SqlValue.Text((String) v)));
      }
      String c = d.quote(t.column());
      return "SELECT "
          + c
          + ", COUNT(*) AS t4t_rows FROM "
          + from
          + " WHERE "
          + c
          + " NOT IN ("
          + String.join(", ", literals)
          + ") GROUP BY "
          + c;
    }
    DataTest.Relationships t = (DataTest.Relationships) test;
    String c = "t4t_child." + d.quote(t.column());
    return "SELECT "
        + c
        + " FROM "
        + from
        + " AS t4t_child WHERE "
        + c
        + " IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
        + d.table(TableName.of(t.to()))
        + " AS t4t_parent WHERE t4t_parent."
        + d.quote(t.field())
        + " = "
        + c
        + ")";
  }
}
