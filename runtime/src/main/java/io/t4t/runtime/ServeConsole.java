package io.t4t.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.t4t.console.Console;
import io.t4t.console.ConsoleSource;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.execute.Ledger;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunFailure;
import io.t4t.core.execute.RunFailures;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.project.Project;
import io.t4t.events.ModelState;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The web console on {@code t4t serve}: answers {@link ConsoleSource} from the server's session and
 * coordination (a run's results, data tests and buckets are the coordination's, as on the
 * planner-service), and forwards {@code /console} and {@code /webjars} requests to {@link Console}.
 * Ledger reads are handed to the pump thread (the only one that may use the warehouse), which runs
 * them between turns ({@link #drain}).
 */
final class ServeConsole implements ConsoleSource, HttpHandler {
  private static final int RUNS_KEPT = 50;
  private static final int STREAM_BACKLOG = 1000;
  private static final long PING_MILLIS = 15_000;

  private final WarehouseSession session;
  private final Supplier<KafkaRunner> kafka;
  private final Supplier<Map<String, ModelState>> state;
  private final LinkedHashSet<String> runs = new LinkedHashSet<>();

  private final BlockingQueue<FutureTask<?>> pumpTasks = new LinkedBlockingQueue<>();
  private final Console console;
  private long lastPing = System.currentTimeMillis();

  ServeConsole(
      WarehouseSession session,
      Supplier<KafkaRunner> kafka,
      Supplier<Map<String, ModelState>> state) {
    this.session = session;
    this.kafka = kafka;
    this.state = state;
    this.console = new Console(this, Clock.systemUTC());
  }

  /** Remembers a run to list and watch (one requested here, or one the executor worked on). */
  void track(String runId) {
    synchronized (runs) {
      if (runs.remove(runId) || runs.size() < RUNS_KEPT) {
        runs.add(runId);
        return;
      }
      runs.remove(runs.iterator().next());
      runs.add(runId);
    }
  }

  /** How long a page waits for the pump to read the ledger for it. */
  static final int PUMP_WAIT_SECONDS = 5;

  /**
   * On the pump thread, after each turn (and after a failed one, so pages are answered while the
   * broker is away): ledger reads asked for, then the changes to publish.
   */
  void drain() {
    for (FutureTask<?> task = pumpTasks.poll(); task != null; task = pumpTasks.poll()) {
      task.run();
    }
    console.refresh();
    long now = System.currentTimeMillis();
    if (now - lastPing > PING_MILLIS) {
      lastPing = now;
      console.ping();
    }
  }

  @Override
  public Project project() {
    return session.project();
  }

  @Override
  public ModelGraph graph() {
    return session.graph();
  }

  @Override
  public List<String> runIds() {
    synchronized (runs) {
      List<String> out = new ArrayList<>(runs);
      java.util.Collections.reverse(out);
      return out;
    }
  }

  @Override
  public Optional<RunView> run(String runId) {
    KafkaRunner k = kafka.get();
    return k == null ? Optional.empty() : k.progress(runId);
  }

  @Override
  public Map<String, ModelState> state() {
    return state.get();
  }

  /**
   * The ledger's applied runs with the failed attempts {@code _t4t.run_failures} recorded (the
   * executor writes them after rolling back), in one read on the pump, and the tests the
   * coordination keeps with those runs.
   */
  @Override
  public History history(String model, int limit) {
    record Read(List<LedgerEntry> applied, List<RunFailure> failed) {}
    Read read =
        onPump(
            "the run history of " + model,
            ledger -> {
              RunFailures failures = new RunFailures(session.warehouse());
              return new Read(
                  ledger.exists() ? ledger.history(model, limit) : List.of(),
                  failures.exists() ? failures.history(model, limit) : List.of());
            });
    return new History(read.applied(), read.failed(), keptTests(model, read.applied()));
  }

  private interface LedgerRead<T> {
    T read(Ledger ledger) throws SQLException;
  }

  /**
   * Reads the ledger on the pump thread (the only one that may use the warehouse). The pump takes
   * such reads between turns: while a turn runs a long model, or while its turns fail (the broker
   * is away), the read waits up to {@value #PUMP_WAIT_SECONDS} s, is then withdrawn, and the page
   * says why instead of failing.
   */
  private <T> T onPump(String what, LedgerRead<T> read) {
    FutureTask<T> task = new FutureTask<>(() -> read.read(new Ledger(session.warehouse())));
    pumpTasks.add(task);
    try {
      return task.get(PUMP_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      task.cancel(false);
      pumpTasks.remove(task);
      Thread.currentThread().interrupt();
      throw new ConsoleSource.HistoryUnavailable("Cannot read " + what + ": interrupted");
    } catch (TimeoutException e) {
      task.cancel(false);
      pumpTasks.remove(task);
      throw new ConsoleSource.HistoryUnavailable(
          "Cannot read "
              + what
              + " now: t4t serve's event pump has been busy for "
              + PUMP_WAIT_SECONDS
              + " s (running a model, or waiting for the broker); reload the page in a moment");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ConsoleSource.HistoryUnavailable("Cannot read " + what + ": " + cause.getMessage());
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (path.equals(Console.EVENTS)) {
      events(ex);
      return;
    }
    Console.Response r =
        console.handle(
            ex.getRequestMethod(),
            path,
            query(ex.getRequestURI().getRawQuery()),
            ex.getRequestBody().readAllBytes());
    ex.getResponseHeaders().add("Content-Type", r.contentType());
    ex.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(r.body());
    }
  }

  /**
   * A server-sent event stream: the exchange stays open (this handler returns at once). The pump
   * thread only queues each event; a thread per stream writes it as one {@code data:} line, so a
   * slow browser never holds the pump up (one that falls {@value #STREAM_BACKLOG} events behind is
   * dropped, and its {@code EventSource} reconnects).
   */
  private void events(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("Content-Type", "text/event-stream");
    ex.getResponseHeaders().add("Cache-Control", "no-cache");
    ex.sendResponseHeaders(200, 0);
    OutputStream out = ex.getResponseBody();
    BlockingQueue<String> backlog = new LinkedBlockingQueue<>(STREAM_BACKLOG);
    AtomicBoolean open = new AtomicBoolean(true);
    Thread writer =
        new Thread(
            () -> {
              try (ex) {
                write(out, ": connected\n\n");
                while (open.get() && !closed) {
                  // a bounded wait: a stream opened while the server closes still ends
                  String line = backlog.poll(1, TimeUnit.SECONDS);
                  if (line != null) {
                    write(out, line);
                  }
                }
              } catch (IOException | InterruptedException gone) {
                open.set(false);
              }
            },
            "t4t-console-events");
    writer.setDaemon(true);
    writers.add(writer);
    // subscribed before the stream says it is connected: a client that saw ": connected" misses
    // no change made after that
    console.subscribe(
        json -> {
          String line = json == null ? ": ping\n\n" : "data: " + json + "\n\n";
          if (open.get() && backlog.offer(line)) {
            return true;
          }
          open.set(false);
          writer.interrupt();
          writers.remove(writer);
          return false;
        });
    writer.start();
  }

  /** The event streams' writers, stopped when the server closes. */
  private final java.util.Set<Thread> writers = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private volatile boolean closed;

  /** Ends every open event stream (the server is closing). */
  void close() {
    closed = true;
    writers.forEach(Thread::interrupt);
    writers.clear();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(key, value);
    }
    return out;
  }
}
