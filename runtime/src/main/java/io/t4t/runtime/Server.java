package io.t4t.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.t4t.console.Console;
import io.t4t.core.coordinate.RunAnswers;
import io.t4t.core.coordinate.RunRequests;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.events.DataArrived;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelStarted;
import io.t4t.events.ModelState;
import io.t4t.events.RunRequested;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.logging.Logger;

/**
 * {@code t4t serve}: the roles keep running and react to run requests and data arrivals, with the
 * REST endpoints of the three roles on one loopback port:
 *
 * <ul>
 *   <li>{@code POST /runs} (body: a {@code run_requested} payload, optional) starts a run and
 *       answers its id;
 *   <li>{@code POST /backfills} (body: {@code {"model": ..., "start": ..., "end": ..., "vars":
 *       ...}}) starts a backfill, answered as by the planner-service (docs/backfills.md);
 *   <li>{@code GET /runs/{id}} each model's status in that run;
 *   <li>{@code POST /arrivals} (body: {@code {"source": ..., "location": ...}}) publishes a data
 *       arrival;
 *   <li>{@code GET /state} and {@code GET /state/{model}} the state columns;
 *   <li>{@code /console} the web console ({@link ServeConsole}).
 * </ul>
 *
 * Only the pumping thread touches the warehouse; HTTP threads publish requests and read runs from
 * the coordination's stores (the same answers as the planner-service's).
 */
public final class Server implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("Server");
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  static {
    // The JDK's server writes a response's headers and body separately: without TCP_NODELAY the
    // body waits for the client's delayed ACK of the headers, about 40 ms per request on a
    // kept-alive connection (a browser's). Read once, when the JDK's server is first created here.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
  }

  private final WarehouseSession session;
  private final HttpServer http;
  private final Thread pump;
  private final CountDownLatch pumpReady = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile RuntimeException pumpFailure;
  private volatile KafkaRunner kafka;
  private volatile Map<String, ModelState> state = Map.of();
  private final ServeConsole console;

  public Server(
      WarehouseSession session, String bootstrapServers, String prefix, int port, Duration window)
      throws IOException {
    this.session = session;
    this.console = new ServeConsole(session, () -> kafka, () -> state);
    this.pump =
        new Thread(
            () -> {
              try (KafkaRunner kafka = new KafkaRunner(session, bootstrapServers, prefix, window)) {
                this.kafka = kafka;
                kafka.observe(
                    e -> {
                      // runs started elsewhere (a data arrival, another client) appear too
                      if (e.payload() instanceof ModelStarted
                          || e.payload() instanceof ModelCompleted
                          || e.payload() instanceof ModelFailed) {
                        console.track(e.runId());
                      }
                    });
                snapshot();
                pumpReady.countDown();
                while (running) {
                  pumpOnce(kafka);
                }
              } catch (RuntimeException e) {
                pumpFailure = e;
                LOG.severe("The event pump stopped: " + e);
                pumpReady.countDown();
              }
            },
            "t4t-pump");
    this.http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    LoopbackGuard guard = new LoopbackGuard(this::port);
    Map<String, HttpHandler> handlers = new java.util.LinkedHashMap<>();
    handlers.put("/runs", this::runs);
    handlers.put("/backfills", this::backfills);
    handlers.put("/arrivals", this::arrivals);
    handlers.put("/state", this::state);
    handlers.put("/health", this::health);
    handlers.put(Console.ROOT, console);
    handlers.put(Console.WEBJARS, console);
    handlers.forEach((path, handler) -> http.createContext(path, handler).getFilters().add(guard));
    // the console's event streams stay open: requests must not wait behind them
    http.setExecutor(Executors.newCachedThreadPool(Server::daemon));
  }

  /** Starts pumping and serving; returns once both accept work. */
  public Server start() throws InterruptedException {
    pump.start();
    pumpReady.await();
    if (pumpFailure != null) {
      throw pumpFailure;
    }
    http.start();
    LOG.info("Serving " + session.project().folder() + " on http://127.0.0.1:" + port());
    LOG.info("Console: http://127.0.0.1:" + port() + Console.ROOT);
    return this;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * One turn of the pump. A bad record never gets here (the runner dead-letters it); what does is
   * the broker failing a publish: health says DOWN until a turn succeeds again.
   */
  private void pumpOnce(KafkaRunner kafka) {
    try {
      kafka.pump();
      snapshot();
      pumpFailure = null;
    } catch (RuntimeException e) {
      if (pumpFailure == null) {
        LOG.severe("The event pump failed, retrying: " + e);
      }
      pumpFailure = e;
      console.drain(); // pages asked for the ledger are answered while the broker is away
      try {
        Thread.sleep(500);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        running = false;
      }
    }
  }

  private void snapshot() {
    state = Map.copyOf(session.state());
    console.drain();
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "t4t-http");
    t.setDaemon(true);
    return t;
  }

  private void runs(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    if (ex.getRequestMethod().equals("POST") && path.equals("/runs")) {
      RunRequested request;
      try {
        request = RunRequests.run(ex.getRequestBody().readAllBytes(), session.project());
      } catch (InvalidInputException e) {
        respond(ex, 400, Map.of("error", e.getMessage()));
        return;
      }
      String runId = RunRequests.runId(request);
      kafka.request(runId, request);
      console.track(runId);
      respond(ex, 202, Map.of("run_id", runId));
    } else if (ex.getRequestMethod().equals("GET") && path.startsWith("/runs/")) {
      String runId = path.substring("/runs/".length());
      RunAnswers.Answer a = RunAnswers.of(runId, kafka.progress(runId), kafka.retention());
      respond(ex, a.status(), a.body());
    } else {
      respond(ex, 405, Map.of("error", "Use POST /runs or GET /runs/{id}"));
    }
  }

  /** {@code POST /backfills}: the planner-service's body and answers (202 with Location, 400). */
  private void backfills(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")
        || !ex.getRequestURI().getPath().equals("/backfills")) {
      respond(ex, 405, Map.of("error", "Use POST /backfills"));
      return;
    }
    RunRequested request;
    try {
      request =
          RunRequests.backfill(
              ex.getRequestBody().readAllBytes(), session.graph(), session.project());
    } catch (InvalidInputException e) {
      respond(ex, 400, Map.of("error", e.getMessage()));
      return;
    }
    String runId = RunRequests.runId(request);
    kafka.request(runId, request);
    ex.getResponseHeaders().add("Location", "/runs/" + runId);
    console.track(runId);
    respond(ex, 202, Map.of("run_id", runId));
  }

  private void arrivals(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("POST")) {
      respond(ex, 405, Map.of("error", "Use POST /arrivals"));
      return;
    }
    DataArrived arrival;
    try {
      arrival =
          RunRequests.arrival(
              ex.getRequestBody().readAllBytes(), session.graph(), session.project());
    } catch (InvalidInputException e) {
      respond(ex, 400, Map.of("error", e.getMessage()));
      return;
    }
    kafka.notify(arrival);
    respond(ex, 202, Map.of("source", arrival.source()));
  }

  /** {@code GET /health}: 200 with UP while the event pump runs, 503 with DOWN and why not. */
  private void health(HttpExchange ex) throws IOException {
    RuntimeException failure = pumpFailure;
    if (failure == null) {
      respond(ex, 200, Map.of("status", "UP", "dead_letters", kafka.deadLetters()));
    } else {
      respond(ex, 503, Map.of("status", "DOWN", "error", String.valueOf(failure.getMessage())));
    }
  }

  private void state(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    Map<String, ModelState> now = state;
    if (path.equals("/state") || path.equals("/state/")) {
      respond(ex, 200, now.values());
      return;
    }
    ModelState s = now.get(path.substring("/state/".length()));
    if (s == null) {
      respond(ex, 404, Map.of("error", "No state for " + path.substring("/state/".length())));
    } else {
      respond(ex, 200, s);
    }
  }

  /** A JSON answer. */
  static void respond(HttpExchange ex, int status, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (var out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    console.close();
    http.stop(0);
    running = false;
    try {
      pump.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
