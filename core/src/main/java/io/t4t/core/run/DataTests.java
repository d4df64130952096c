package io.t4t.core.run;

import io.t4t.core.audit.TestQueries;
import io.t4t.core.audit.TestResult;
import io.t4t.core.error.Messages;
import io.t4t.core.error.ModelRunException;
import io.t4t.core.execute.Warehouse;
import io.t4t.core.project.DataTest;
import io.t4t.core.project.ModelName;
import io.t4t.events.ErrorCode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs data tests on published tables ({@code t4t test}, and the seeds' tests in {@code t4t
 * build}): each test's query returns at most {@value #ROWS_SHOWN} failing rows, read-only.
 */
final class DataTests {
  /** How many failing rows a result names. */
  static final int ROWS_SHOWN = 5;

  private DataTests() {}

  /**
   * The results of each subject's tests, in the order given.
   *
   * @param subjects a model's or seed's name to its tests
   */
  static List<TestResult> run(Map<ModelName, List<DataTest>> subjects, Warehouse warehouse) {
    List<TestResult> results = new ArrayList<>();
    subjects.forEach(
        (name, tests) -> {
          for (DataTest test : tests) {
            String sql = TestQueries.onTable(test, name, warehouse.dialect(), ROWS_SHOWN);
            try {
              results.add(
                  new TestResult(
                      name.toString(), test.label(), test.severity(), warehouse.query(sql), false));
            } catch (SQLException e) {
              throw new ModelRunException(
                  name.toString(),
                  ErrorCode.SQL_ERROR,
                  "Cannot run test "
                      + test.label()
                      + " of "
                      + name
                      + ": "
                      + Messages.firstLine(e.getMessage()),
                  e);
            }
          }
        });
    return List.copyOf(results);
  }
}
