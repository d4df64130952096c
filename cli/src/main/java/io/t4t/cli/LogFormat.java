package io.t4t.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The seed's log line format on stderr: {@code INFO - ExecutionEngine - Executing model: x}. */
final class LogFormat extends Formatter {
  @Override
  public String format(LogRecord r) {
    String level =
        r.getLevel() == Level.SEVERE
            ? "ERROR"
            : r.getLevel() == Level.WARNING ? "WARNING" : r.getLevel().getName();
    return level + " - " + r.getLoggerName() + " - " + formatMessage(r) + System.lineSeparator();
  }

  static void install() {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler handler = new ConsoleHandler();
    handler.setFormatter(new LogFormat());
    handler.setLevel(Level.INFO);
    root.addHandler(handler);
    root.setLevel(Level.INFO);
  }
}
