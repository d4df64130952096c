package io.t4t.planner;

import io.quarkus.scheduler.Scheduled;
import io.t4t.console.Console;
import io.t4t.console.ConsoleSource;
import io.t4t.coordination.RunQueries;
import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.Project;
import io.t4t.events.ModelState;
import io.t4t.events.TestOutcome;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The web console on the planner-service: answers {@link ConsoleSource} from the coordination's
 * stores (this replica's copy, active or standby; a standby's may trail by a commit: runs, with
 * each succeeded model's rows, duration and data tests) and run history from the state-service, and
 * publishes run changes to the event stream twice a second. While the stores are not queryable
 * (starting, restoring, rebalancing) the pages that list runs answer 503 saying so, as {@code GET
 * /runs/{id}} does.
 */
@ApplicationScoped
public class PlannerConsole implements ConsoleSource {
  /** The bearer token of the request being answered, forwarded to the state-service. */
  static final ThreadLocal<String> BEARER = new ThreadLocal<>();

  private static final int RUNS_SHOWN = 50;

  @Inject Coordination coordination;

  @Inject KafkaStreams streams;

  @Inject PlannerServiceConfig config;

  private Console console;
  private StateHistory history;
  private StateSnapshots snapshots;

  /** The state-service's readers: they need only its address. */
  @PostConstruct
  void stateService() {
    history = new StateHistory(config.stateUrl());
    snapshots = new StateSnapshots(config.stateUrl());
  }

  /** The console, made on first use (after the project is loaded). */
  synchronized Console console() {
    if (console == null) {
      console = new Console(this, Clock.systemUTC());
    }
    return console;
  }

  /** How often runs are read while no event stream is open (pages still see recent outcomes). */
  static final long IDLE_REFRESH_MILLIS = 10_000;

  private volatile long lastRefresh;

  /**
   * Every half second while a page follows the runs; otherwise every {@link #IDLE_REFRESH_MILLIS}
   * ms, so a replica nobody watches does not read its whole run store twice a second (a page
   * request refreshes first when the last refresh is older than a second: {@link #fresh}).
   */
  @Scheduled(every = "0.5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void refresh() {
    if (console().subscribers() == 0) {
      refreshIfOlder(IDLE_REFRESH_MILLIS);
    } else {
      refreshIfOlder(0);
    }
  }

  /** Before answering a page: outcomes at most a second old. */
  void fresh() {
    refreshIfOlder(1_000);
  }

  private void refreshIfOlder(long millis) {
    long now = System.currentTimeMillis();
    if (now - lastRefresh < millis) {
      return;
    }
    lastRefresh = now;
    try {
      console().refresh();
    } catch (NotReady notYet) {
      // the stores are starting or moving: the next refresh looks again, and pages say so
    }
  }

  /** A comment line now and then, so that closed streams are noticed and dropped. */
  @Scheduled(every = "15s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void ping() {
    console().ping();
  }

  @Override
  public Project project() {
    return coordination.project();
  }

  @Override
  public ModelGraph graph() {
    return coordination.graph();
  }

  @Override
  public List<String> runIds() {
    try {
      return RunQueries.recentRuns(streams, RUNS_SHOWN);
    } catch (InvalidStateStoreException notYet) {
      throw new NotReady(RunsResource.NOT_YET);
    }
  }

  @Override
  public Optional<RunView> run(String runId) {
    try {
      return RunQueries.run(streams, runId);
    } catch (InvalidStateStoreException notYet) {
      throw new NotReady(RunsResource.NOT_YET);
    }
  }

  /**
   * Each model's state at the newer ledger position of two sources: the state-service's (when
   * configured; it says when the model ran and its watermark, for freshness) and what the
   * coordination learnt (materialization, hashes and position only; it may be a moment ahead). A
   * newer reset the coordination learnt removes the model's state.
   */
  @Override
  public Map<String, ModelState> state() {
    Map<String, ModelSlot.Known> known;
    try {
      known = RunQueries.known(streams);
    } catch (InvalidStateStoreException notYet) {
      known = Map.of();
    }
    Map<String, ModelState> out = new TreeMap<>(snapshots.states().orElse(Map.of()));
    known.forEach(
        (model, k) -> {
          ModelState kept = out.get(model);
          if (kept != null && k.seq() <= kept.ledgerSeq()) {
            return;
          }
          if (k.materialization() == null || k.sqlHash() == null || k.configHash() == null) {
            out.remove(model); // reset
          } else {
            out.put(
                model,
                new ModelState(
                    model,
                    k.materialization(),
                    null,
                    k.sqlHash(),
                    k.configHash(),
                    null,
                    null,
                    null,
                    k.seq()));
          }
        });
    return out;
  }

  /**
   * The data tests of the run's succeeded models without their failing rows: pages need no token
   * here, while failing rows may hold any column's values, so they are shown only where a viewer's
   * token is asked for (each model's history, from the state-service).
   */
  @Override
  public Map<String, List<TestOutcome>> tests(String runId) {
    Map<String, List<TestOutcome>> out = new TreeMap<>();
    ConsoleSource.super
        .tests(runId)
        .forEach(
            (m, tests) ->
                out.put(
                    m,
                    tests.stream()
                        .map(t -> new TestOutcome(t.test(), t.severity(), t.passed(), List.of()))
                        .toList()));
    return out;
  }

  @Override
  public History history(String model, int limit) {
    return history.read(model, limit, BEARER.get());
  }
}
