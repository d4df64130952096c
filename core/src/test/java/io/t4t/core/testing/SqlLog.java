package io.t4t.core.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The statements t4t runs while an action runs (Warehouse logs each one at FINE). */
public final class SqlLog {
  private SqlLog() {}

  /** An action that may throw. */
  @FunctionalInterface
  public interface Action {
    void run() throws Exception;
  }

  /** Runs the action and returns the statements it ran, each as the log line. */
  public static List<String> during(Action action) throws Exception {
    Logger log = Logger.getLogger("io.t4t.sql");
    List<String> statements = Collections.synchronizedList(new ArrayList<>());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            statements.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level level = log.getLevel();
    log.setLevel(Level.FINE);
    log.addHandler(handler);
    try {
      action.run();
    } finally {
      log.removeHandler(handler);
      log.setLevel(level);
    }
    return statements;
  }
}
