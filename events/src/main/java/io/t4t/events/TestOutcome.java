package io.t4t.events;

import java.util.List;

/**
 * The outcome of one data test run on a model's batch before it was published (an audit), as
 * carried in {@link ModelCompleted#tests()}. A blocking failure is not here: it fails the model
 * ({@link ErrorCode#AUDIT_FAILED}) and its message names the test and the failing rows.
 *
 * @param test the test's label, e.g. {@code not_null(amount)}
 * @param severity {@code error} or {@code warn}
 * @param passed true when no row failed
 * @param failingRows the first failing rows, each as text such as {@code (2, b, null)}
 */
public record TestOutcome(String test, String severity, boolean passed, List<String> failingRows) {
  public TestOutcome {
    failingRows = failingRows == null ? List.of() : List.copyOf(failingRows);
  }
}
