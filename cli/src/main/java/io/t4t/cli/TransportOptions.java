package io.t4t.cli;

import io.t4t.core.roles.RunOptions;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.run.ProjectRunner;
import io.t4t.runtime.EmbeddedKafka;
import io.t4t.runtime.KafkaRunner;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options choosing the transport of run-like commands. */
final class TransportOptions {
  @Option(
      names = "--transport",
      paramLabel = "direct|kafka",
      description =
          "direct (default): the planner's coordinator and the executor role in this process,"
              + " no broker; kafka: the services' path, the coordination topology and an executor"
              + " exchanging events through a real Kafka broker, embedded in this process unless"
              + " --bootstrap-servers names one. Given, it wins over T4T_BOOTSTRAP_SERVERS.")
  Transport transport; // null: not given

  @CommandLine.Mixin ClusterOption cluster = new ClusterOption();

  private java.util.concurrent.CompletableFuture<EmbeddedKafka> broker;

  private boolean hasServers() {
    return cluster.given();
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
      return io.t4t.core.roles.LocalRun.run(runner.session(), options);
    }
    String servers = embedded() ? broker.join().bootstrapServers() : cluster.servers;
    try (KafkaRunner kafka = new KafkaRunner(runner.session(), servers, "t4t.")) {
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
