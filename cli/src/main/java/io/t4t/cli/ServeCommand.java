package io.t4t.cli;

import io.t4t.core.project.Project;
import io.t4t.core.run.ProjectRunner;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.ServeFile;
import io.t4t.runtime.Server;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "serve",
    description =
        "Keep the roles running over Kafka and react to run requests and data arrivals; REST on"
            + " 127.0.0.1:PORT (POST /runs, GET /runs/{id}, POST /arrivals, GET /state[/{model}]),"
            + " and the web console at http://127.0.0.1:PORT/console.")
final class ServeCommand implements Callable<Integer> {
  private static final java.util.concurrent.CountDownLatch STOP =
      new java.util.concurrent.CountDownLatch(1);

  @Parameters(index = "0", paramLabel = "PROJECT")
  Path project;

  @CommandLine.Mixin TargetOption targetOption = new TargetOption();

  @Option(names = "--port", description = "HTTP port on 127.0.0.1 (default 8040; 0 picks one).")
  int port = 8040;

  @CommandLine.Mixin ClusterOption cluster = new ClusterOption();

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
    boolean embedded = !cluster.given();
    EmbeddedKafka kafka = embedded ? EmbeddedKafka.start() : null;
    String servers = embedded ? kafka.bootstrapServers() : cluster.servers;
    Thread hook = new Thread(ServeCommand::stop);
    Runtime.getRuntime().addShutdownHook(hook);
    boolean wroteServeFile = false;
    try (ProjectRunner runner = ProjectRunner.open(p);
        Server server =
            new Server(
                    runner.session(),
                    servers,
                    "t4t.",
                    port,
                    java.time.Duration.ofMillis(coalesceMillis))
                .start()) {
      new ServeFile(servers, server.port(), ProcessHandle.current().pid()).write(p.root());
      wroteServeFile = true;
      STOP.await();
      return T4tCommand.OK;
    } finally {
      if (wroteServeFile) { // a serve that could not start leaves a running one's file alone
        java.nio.file.Files.deleteIfExists(ServeFile.location(p.root()));
      }
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
