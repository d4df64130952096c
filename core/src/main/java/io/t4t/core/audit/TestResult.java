package io.t4t.core.audit;

import io.t4t.core.project.DataTest;
import java.util.List;

/**
 * The outcome of one data test.
 *
 * @param subject the model or seed tested, {@code schema.name}
 * @param test the test's label, e.g. {@code not_null(amount)}
 * @param severity error (blocking) or warn
 * @param failingRows the first failing rows found (at most the query's limit); empty: passed
 * @param onBatch true when the test ran on a run's batch before it was published (an audit)
 */
public record TestResult(
    String subject,
    String test,
    DataTest.Severity severity,
    List<List<Object>> failingRows,
    boolean onBatch) {

  public TestResult {
    failingRows =
        List.copyOf(failingRows.stream().map(java.util.Collections::unmodifiableList).toList());
  }

  /** This result as it travels in {@code model_completed}. */
  public io.t4t.events.TestOutcome event() {
    return new io.t4t.events.TestOutcome(
        test,
        severity.wireName(),
        passed(),
        failingRows.stream().map(r -> describe(List.of(r))).toList());
  }

  /** A result read back from {@code model_completed}: each failing row as one text cell. */
  public static TestResult of(io.t4t.core.project.ModelName model, io.t4t.events.TestOutcome e) {
    return new TestResult(
        model.toString(),
        e.test(),
        DataTest.Severity.fromName(e.severity()),
        e.failingRows().stream().map(r -> List.<Object>of(r)).toList(),
        true);
  }

  public boolean passed() {
    return failingRows.isEmpty();
  }

  /** True when the test failed and its severity blocks. */
  public boolean blocks() {
    return !passed() && severity == DataTest.Severity.ERROR;
  }

  /** One line: {@code shop.orders not_null(amount) FAIL (error): (3, null), (4, null)}. */
  public String line() {
    return subject
        + " "
        + test
        + (passed() ? " PASS" : " FAIL (" + severity.wireName() + "): " + describe(failingRows));
  }

  /** Rows for a message: {@code 7, 9} or {@code (7, a), (9, b)}. */
  public static String describe(List<List<Object>> rows) {
    StringBuilder sb = new StringBuilder();
    for (List<Object> row : rows) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(
          row.size() == 1
              ? String.valueOf(row.get(0))
              : "(" + String.join(", ", row.stream().map(String::valueOf).toList()) + ")");
    }
    return sb.toString();
  }
}
