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
}
