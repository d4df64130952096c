package io.t4t.cli;

import java.io.PrintWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The seed's log line format on stderr: {@code INFO - ExecutionEngine - Executing model: x}. */
final class LogFormat extends Formatter {
  private static final java.util.List<Logger> QUIET = new java.util.ArrayList<>();

  @Override
  public String format(LogRecord r) {
    String level =
        r.getLevel() == Level.SEVERE
            ? "ERROR"
            : r.getLevel() == Level.WARNING ? "WARNING" : r.getLevel().getName();
    return level + " - " + r.getLoggerName() + " - " + formatMessage(r) + System.lineSeparator();
  }

  private static void quiet(String name, Level level) {
    Logger logger = Logger.getLogger(name);
    logger.setLevel(level);
    QUIET.add(logger); // JUL holds loggers weakly: a collected logger forgets its level
  }

  /** Sends every log record to {@code err} (stderr for the command, a buffer in tests). */
  static void install(PrintWriter err) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    LogFormat format = new LogFormat();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (isLoggable(r)) {
              err.print(format.format(r));
              err.flush();
            }
          }

          @Override
          public void flush() {
            err.flush();
          }

          @Override
          public void close() {}
        };
    handler.setLevel(Level.INFO);
    root.addHandler(handler);
    root.setLevel(Level.INFO);
    // Libraries' own chatter: JSqlParser's parse modes; the embedded broker's lifecycle (its
    // failures reach t4t as exceptions with their own messages).
    quiet("net.sf.jsqlparser", Level.WARNING);
    for (String kafka : new String[] {"org.apache.kafka", "kafka", "state.change.logger"}) {
      quiet(kafka, Level.SEVERE);
    }
  }
}
