package io.t4t.core.error;

/** Helpers for error messages. */
public final class Messages {
  private Messages() {}

  /** The first line of an engine's or parser's message (they append context and carets). */
  public static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /**
   * Where a blocking audit's failure message lists the failing rows: everything after it is data
   * from the batch. {@link #withoutFailingRows} cuts there.
   */
  public static final String FAILING_ROWS = "; failing rows: ";

  /**
   * A blocking audit's failure message without its failing rows, for answers that need no token
   * (the coordination's run progress: {@code GET /runs/{id}}, the console's pages and events); the
   * rows stay in the run history, which needs one (the state-service's, or {@code
   * _t4t.run_failures} in the warehouse). Any other message is returned unchanged.
   */
  public static String withoutFailingRows(String message) {
    int at = message == null ? -1 : message.indexOf(FAILING_ROWS);
    return at < 0
        ? message
        : message.substring(0, at) + "; its failing rows are in the model's run history";
  }
}
