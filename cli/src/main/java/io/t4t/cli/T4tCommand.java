package io.t4t.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.Executor;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.Project;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.core.run.RunSummary;
import io.t4t.core.strategy.Step;
import io.t4t.events.ModelState;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.KafkaRunner;
import io.t4t.runtime.ServeFile;
import io.t4t.runtime.Server;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code t4t}: incremental SQL materialization. */
@Command(
    name = "t4t",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "t4t 0.1.0",
    description = "Incremental SQL materialization.",
    subcommands = {
      T4tCommand.Run.class,
      T4tCommand.Seed.class,
      T4tCommand.Build.class,
      T4tCommand.Compile.class,
      T4tCommand.Plan.class,
      T4tCommand.State.class,
      T4tCommand.Serve.class,
      T4tCommand.Notify.class,
      DeadLettersCommand.class
    })
public final class T4tCommand implements Runnable {
  static final int OK = 0;
  static final int MODEL_FAILED = 1;
  static final int INVALID_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code (tests call this in-process). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    LogFormat.install(err);
    CommandLine cl = new CommandLine(new T4tCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof InvalidInputException) {
            err.println("ERROR - " + e.getMessage());
            return INVALID_INPUT;
          }
          err.println("ERROR - " + e);
          return MODEL_FAILED;
        });
    return cl.execute(args);
  }

  /** Options shared by commands that run or plan models. */
  static final class Selection {
    @Option(
        names = "--vars",
        paramLabel = "JSON",
        description = "Variables as a JSON object, e.g. '{\"start_date\": \"2024-01-01\"}'.")
    String vars;

    @Option(
        names = "--select",
        arity = "1..*",
        paramLabel = "MODEL",
        description = "Run only these models (schema.name or name).")
    List<String> select = new ArrayList<>();

    @Option(
        names = "--exclude",
        arity = "1..*",
        paramLabel = "MODEL",
        description = "Do not run these models.")
    List<String> exclude = new ArrayList<>();

    RunOptions options(boolean fullRefresh) {
      return new RunOptions(parseVars(vars), select, exclude, fullRefresh);
    }
  }

  static Map<String, Object> parseVars(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      Object value = new ObjectMapper().readValue(json, Object.class);
      if (!(value instanceof Map<?, ?> map)) {
        throw new InvalidInputException(
            "Invalid --vars: expected a JSON object like '{\"start_date\": \"2024-01-01\"}'");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> vars = (Map<String, Object>) map;
      return vars;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "Invalid --vars: not JSON ("
              + e.getOriginalMessage()
              + "); expected an object like '{\"start_date\": \"2024-01-01\"}'");
    }
  }

  /** The project argument and the options of every command that plans or runs models. */
  abstract static class ProjectRun implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROJECT", description = "The project folder.")
    Path project;

    @CommandLine.Mixin TargetOption targetOption = new TargetOption();

    @CommandLine.Mixin Selection selection = new Selection();

    @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch.")
    boolean fullRefresh;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    RunOptions options() {
      return selection.options(fullRefresh);
    }
  }

  /** How run-like commands move work between the planner and the executor (decision 0008). */
  enum Transport {
    /** Through Kafka: an embedded broker, or the cluster --bootstrap-servers names. */
    kafka,
    /** The same roles in this process, no broker: the default for a one-shot run. */
    direct
  }

  /** {@code --target NAME}: the connection of {@code [targets.NAME]} instead of [connection]. */
  static final class TargetOption {
    @Option(
        names = "--target",
        paramLabel = "NAME",
        defaultValue = "${env:T4T_TARGET}",
        description =
            "Use the connection in [targets.NAME] of project.toml instead of [connection]"
                + " (default: $T4T_TARGET).")
    String target;

    Project load(Path project) {
      return ProjectLoader.load(project, target == null || target.isBlank() ? null : target);
    }
  }

  /** Options choosing the transport of run-like commands. */
  static final class TransportOptions {
    @Option(
        names = "--transport",
        paramLabel = "direct|kafka",
        description =
            "direct (default): the planner's coordinator and the executor role in this process,"
                + " no broker; kafka: the services' path, the coordination topology and an executor"
                + " exchanging events through a real Kafka broker, embedded in this process unless"
                + " --bootstrap-servers names one. Given, it wins over T4T_BOOTSTRAP_SERVERS.")
    Transport transport; // null: not given

    @Option(
        names = "--bootstrap-servers",
        paramLabel = "HOST:PORT,...",
        defaultValue = "${env:T4T_BOOTSTRAP_SERVERS}",
        description =
            "An external Kafka cluster (also T4T_BOOTSTRAP_SERVERS); implies --transport kafka"
                + " unless --transport direct is given.")
    String bootstrapServers;

    private java.util.concurrent.CompletableFuture<EmbeddedKafka> broker;

    private boolean hasServers() {
      return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    /** --transport as given, else kafka when a cluster is named, else direct (decision 0008). */
    Transport effective() {
      return transport != null ? transport : hasServers() ? Transport.kafka : Transport.direct;
    }

    boolean embedded() {
      return effective() == Transport.kafka && !hasServers();
    }

    /** Starts the embedded broker in the background, so it boots while the project loads. */
    void startEarly() {
      if (embedded()) {
        broker = java.util.concurrent.CompletableFuture.supplyAsync(EmbeddedKafka::start);
      }
    }

    RunSummary run(ProjectRunner runner, RunOptions options) {
      if (effective() == Transport.direct) {
        return io.t4t.core.roles.LocalRun.run(runner, options);
      }
      String servers = embedded() ? broker.join().bootstrapServers() : bootstrapServers;
      try (KafkaRunner kafka = new KafkaRunner(runner, servers, "t4t.")) {
        return kafka.run(options);
      }
    }

    /** Stops the embedded broker, if one was started. */
    void stop() {
      if (broker != null) {
        broker.thenAccept(EmbeddedKafka::close).exceptionally(e -> null).join();
      }
    }
  }

  /**
   * Opens the warehouse to run the project; when another process holds it and that is a running
   * {@code t4t serve} of this project, the error says where to send the run instead.
   */
  static ProjectRunner openForRun(Project p) {
    try {
      return ProjectRunner.open(p);
    } catch (io.t4t.core.error.UnavailableException e) {
      ServeFile serve = runningServe(p);
      if (serve != null) {
        throw new io.t4t.core.error.UnavailableException(
            e.getMessage()
                + ". t4t serve (process "
                + serve.pid()
                + ") runs this project: send the run to it, curl -X POST"
                + " http://127.0.0.1:"
                + serve.port()
                + "/runs, or stop it first",
            e);
      }
      throw e;
    }
  }

  /**
   * The {@code t4t serve} holding this project's DuckDB file, if its serve file names a live
   * process (a serve killed with -9 leaves the file behind); null otherwise, or when the file
   * cannot be read (the original error is what to report then).
   */
  private static ServeFile runningServe(Project p) {
    if (p.connection().type() != io.t4t.core.project.EngineType.DUCKDB
        || !java.nio.file.Files.exists(ServeFile.location(p.root()))) {
      return null;
    }
    try {
      ServeFile serve = ServeFile.read(p.root());
      return ProcessHandle.of(serve.pid()).map(ProcessHandle::isAlive).orElse(false) ? serve : null;
    } catch (RuntimeException unreadable) {
      return null;
    }
  }

  static int report(RunSummary summary, PrintWriter err) {
    java.util.logging.Logger log = java.util.logging.Logger.getLogger("ExecutionEngine");
    log.info(summary.line());
    for (RunOutcome o : summary.outcomes()) {
      if (o.status() == RunOutcome.Status.FAILED) {
        log.severe(o.model() + " failed [" + o.errorCode() + "]: " + o.message());
      }
    }
    return summary.ok() ? OK : MODEL_FAILED;
  }

  @Command(name = "run", description = "Run the project's models (incrementally where possible).")
  static final class Run extends ProjectRun {
    @CommandLine.Mixin TransportOptions transport = new TransportOptions();

    @Override
    public Integer call() {
      transport.startEarly();
      try {
        RunOptions options = options();
        Project p = targetOption.load(project);
        try (ProjectRunner runner = openForRun(p)) {
          runner.check(options); // invalid input fails before anything runs
          return report(transport.run(runner, options), spec.commandLine().getErr());
        }
      } finally {
        transport.stop();
      }
    }
  }

  @Command(name = "seed", description = "Load seeds/<schema>/<table>.csv, replacing each table.")
  static final class Seed implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROJECT")
    Path project;

    @CommandLine.Mixin TargetOption targetOption = new TargetOption();

    @Override
    public Integer call() {
      try (ProjectRunner runner = ProjectRunner.open(targetOption.load(project))) {
        runner.seed();
        return OK;
      }
    }
  }

  @Command(name = "build", description = "Load seeds, then run the models.")
  static final class Build extends ProjectRun {
    @CommandLine.Mixin TransportOptions transport = new TransportOptions();

    @Override
    public Integer call() {
      transport.startEarly();
      try {
        RunOptions options = options();
        try (ProjectRunner runner = openForRun(targetOption.load(project))) {
          runner.check(options); // invalid input fails before the seeds are loaded
          runner.seed();
          return report(transport.run(runner, options), spec.commandLine().getErr());
        }
      } finally {
        transport.stop();
      }
    }
  }

  @Command(name = "compile", description = "Print the SQL each model would run now.")
  static final class Compile extends ProjectRun {
    @Override
    public Integer call() {
      RunOptions options = options();
      PrintWriter out = spec.commandLine().getOut();
      try (ProjectRunner runner = ProjectRunner.openReadOnly(targetOption.load(project))) {
        for (ModelRun run : runner.plan(options)) {
          out.println("-- " + run.name() + ": " + run.mode() + " (" + run.reason() + ")");
          for (Step step : Executor.steps(run, runner.warehouse().dialect())) {
            out.println(step.sql() + ";");
          }
          out.println();
        }
        out.flush();
        return OK;
      }
    }
  }

  @Command(name = "plan", description = "Show, per model, full or incremental and the window.")
  static final class Plan extends ProjectRun {
    @Override
    public Integer call() {
      RunOptions options = options();
      PrintWriter out = spec.commandLine().getOut();
      try (ProjectRunner runner = ProjectRunner.openReadOnly(targetOption.load(project))) {
        for (ModelRun run : runner.plan(options)) {
          String kind =
              run.model().config().materialization().wireName()
                  + run.model()
                      .config()
                      .incremental()
                      .map(i -> " " + i.strategy().wireName())
                      .orElse("");
          out.printf(
              "%-40s %-22s %-11s %s%n",
              run.name(),
              kind,
              run.mode(),
              run.mode() == io.t4t.core.plan.RunMode.REFUSE
                  ? run.reason()
                  : run.reason() + "; window: " + run.windowText());
        }
        out.flush();
        return OK;
      }
    }
  }

  @Command(
      name = "serve",
      description =
          "Keep the roles running over Kafka and react to run requests and data arrivals; REST on"
              + " 127.0.0.1:PORT (POST /runs, GET /runs/{id}, POST /arrivals, GET /state[/{model}]).")
  static final class Serve implements Callable<Integer> {
    private static final java.util.concurrent.CountDownLatch STOP =
        new java.util.concurrent.CountDownLatch(1);

    @Parameters(index = "0", paramLabel = "PROJECT")
    Path project;

    @CommandLine.Mixin TargetOption targetOption = new TargetOption();

    @Option(names = "--port", description = "HTTP port on 127.0.0.1 (default 8040; 0 picks one).")
    int port = 8040;

    @Option(
        names = "--bootstrap-servers",
        defaultValue = "${env:T4T_BOOTSTRAP_SERVERS}",
        description = "An external Kafka cluster; default: a broker embedded in this process.")
    String bootstrapServers;

    @Option(
        names = "--coalesce-ms",
        description = "How long arrivals are collected into one run (default 200).")
    long coalesceMillis = 200;

    /** Stops a serve command running in this JVM (tests; a shutdown signal does it otherwise). */
    static void stop() {
      STOP.countDown();
    }

    @Override
    public Integer call() throws Exception {
      Project p = targetOption.load(project);
      boolean embedded = bootstrapServers == null || bootstrapServers.isBlank();
      EmbeddedKafka kafka = embedded ? EmbeddedKafka.start() : null;
      String servers = embedded ? kafka.bootstrapServers() : bootstrapServers;
      Thread hook = new Thread(Serve::stop);
      Runtime.getRuntime().addShutdownHook(hook);
      try (ProjectRunner runner = ProjectRunner.open(p);
          Server server =
              new Server(runner, servers, "t4t.", port, java.time.Duration.ofMillis(coalesceMillis))
                  .start()) {
        new ServeFile(servers, server.port(), ProcessHandle.current().pid()).write(p.root());
        STOP.await();
        return OK;
      } finally {
        java.nio.file.Files.deleteIfExists(ServeFile.location(p.root()));
        if (kafka != null) {
          kafka.close();
        }
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is what stopped us
        }
      }
    }
  }

  @Command(name = "notify", description = "Tell a running t4t serve that a source has new data.")
  static final class Notify implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROJECT")
    Path project;

    @CommandLine.Mixin TargetOption targetOption = new TargetOption();

    @Option(
        names = "--source",
        required = true,
        description = "A table models read (raw.orders) or a file source folder (landing/orders).")
    String source;

    @Option(names = "--location", description = "The file that landed (optional).")
    String location;

    @Option(
        names = "--bootstrap-servers",
        defaultValue = "${env:T4T_BOOTSTRAP_SERVERS}",
        description = "The cluster to publish to; default: the one the running t4t serve uses.")
    String bootstrapServers;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      Project p = targetOption.load(project);
      io.t4t.core.dag.ModelGraph graph =
          io.t4t.core.dag.ModelGraph.build(p, io.t4t.core.run.Engine.resolver(p));
      if (graph.readers(source).isEmpty()) {
        throw new InvalidInputException(
            "Cannot notify: no model of "
                + p.folder()
                + " reads '"
                + source
                + "' (name a table as models write it, e.g. raw.orders, or a file source folder,"
                + " e.g. landing/orders)");
      }
      String servers =
          bootstrapServers == null || bootstrapServers.isBlank()
              ? ServeFile.read(p.root()).bootstrapServers()
              : bootstrapServers;
      java.util.Properties props = new java.util.Properties();
      props.put("bootstrap.servers", servers);
      props.put("acks", "all");
      io.t4t.events.Envelope e =
          io.t4t.events.Envelope.of(
              "arrival-" + java.util.UUID.randomUUID(),
              new io.t4t.events.DataArrived(source, location));
      try (var producer =
          new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(
              props,
              new org.apache.kafka.common.serialization.StringSerializer(),
              new org.apache.kafka.common.serialization.ByteArraySerializer())) {
        producer
            .send(
                new org.apache.kafka.clients.producer.ProducerRecord<>(
                    e.topic().name("t4t."), e.key(), io.t4t.events.EventJson.write(e)))
            .get(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (Exception ex) {
        throw new IllegalStateException("Cannot publish the arrival to " + servers + ": " + ex, ex);
      }
      java.util.logging.Logger.getLogger("ExecutionEngine")
          .info("Published data arrival for " + source);
      return OK;
    }
  }

  @Command(
      name = "state",
      description = "Show or reset model state.",
      subcommands = {State.Show.class, State.Reset.class})
  static final class State implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "Missing command: show or reset");
    }

    @Command(name = "show", description = "Print the state of all models, or of one.")
    static final class Show implements Callable<Integer> {
      @Parameters(index = "0", paramLabel = "PROJECT")
      Path project;

      @CommandLine.Mixin TargetOption targetOption = new TargetOption();

      @Parameters(index = "1", arity = "0..1", paramLabel = "MODEL")
      String model;

      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Project p = targetOption.load(project);
        try (ProjectRunner runner = ProjectRunner.openReadOnly(p)) {
          Map<String, ModelState> state = runner.state();
          List<ModelState> rows = new ArrayList<>();
          if (model != null) {
            String name = state.containsKey(model) ? model : p.resolveModel(model).toString();
            ModelState s = state.get(name);
            if (s == null) {
              throw new InvalidInputException(
                  "Cannot show state of " + name + ": it has none yet (run the project first)");
            }
            rows.add(s);
          } else {
            rows.addAll(state.values());
          }
          for (ModelState s : rows) {
            out.println("model_name: " + s.model());
            out.println("materialization: " + s.materialization());
            out.println("last_execution_timestamp: " + s.lastExecutionTimestamp());
            out.println("sql_hash: " + s.sqlHash());
            out.println("config_hash: " + s.configHash());
            out.println("last_processed_value: " + s.lastProcessedValue());
            out.println("strategy: " + s.strategy());
            out.println();
          }
          out.flush();
          return OK;
        }
      }
    }

    @Command(
        name = "reset",
        description = "Forget a model's state: its next run is a full rebuild.")
    static final class Reset implements Callable<Integer> {
      @Parameters(index = "0", paramLabel = "PROJECT")
      Path project;

      @CommandLine.Mixin TargetOption targetOption = new TargetOption();

      @Parameters(index = "1", paramLabel = "MODEL")
      String model;

      @CommandLine.Spec CommandLine.Model.CommandSpec spec;

      @Override
      public Integer call() {
        try (ProjectRunner runner = ProjectRunner.open(targetOption.load(project))) {
          boolean had = runner.reset(model);
          spec.commandLine()
              .getOut()
              .println(
                  had
                      ? "Reset state of " + model + ": its next run rebuilds it"
                      : "No state for " + model + ": nothing to reset");
          spec.commandLine().getOut().flush();
          return OK;
        }
      }
    }
  }
}
