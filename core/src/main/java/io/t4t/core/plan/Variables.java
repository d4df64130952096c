package io.t4t.core.plan;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.project.StartValue;
import io.t4t.core.sql.Literals;
import io.t4t.core.sql.ModelSql;
import io.t4t.core.sql.SqlValue;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --vars} for planning: typed as SQL values, checked against what each model uses (its SQL,
 * its incremental where-condition and a {@code @variable} start) before anything runs, and shown
 * back as the user wrote them.
 */
final class Variables {
  private Variables() {}

  /**
   * {@code --vars} as typed SQL values.
   *
   * @throws InvalidInputException for a name that is not an identifier or a value of no SQL type
   */
  static Map<String, SqlValue> typed(Map<String, Object> vars) {
    Map<String, SqlValue> out = new LinkedHashMap<>();
    vars.forEach((k, v) -> out.put(Literals.variableName(k), Literals.fromJson(k, v)));
    return out;
  }

  /**
   * Checks that every variable the models use is set, and that a start variable is a date,
   * timestamp or number.
   *
   * @throws InvalidInputException naming the model, the variable and how to pass it
   */
  static void require(Project project, Map<String, SqlValue> vars, Collection<ModelName> models) {
    for (ModelName name : models) {
      Model model = project.models().get(name);
      Set<String> needed = new TreeSet<>(model.sql().variables());
      model
          .config()
          .incremental()
          .ifPresent(
              inc -> {
                inc.whereCondition()
                    .ifPresent(
                        w ->
                            needed.addAll(
                                ModelSql.conditionVariables(conditionFile(project, model), w)));
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

  /** The file an error in a model's incremental where-condition names. */
  static String conditionFile(Project project, Model model) {
    return project.root().relativize(model.sqlFile()).toString().replace(".sql", ".py");
  }

  /** A value as the user wrote it, for messages and logs. */
  static String display(SqlValue v) {
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
}
