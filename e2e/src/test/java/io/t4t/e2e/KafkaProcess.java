package io.t4t.e2e;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A real single-node KRaft broker in its own process, on a fixed port with its data in a folder of
 * its own, so that it can be stopped (the services see the broker gone) and started again at the
 * same address with its topics and offsets (the services see it return).
 */
final class KafkaProcess implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Path log;
  private Process process;

  private KafkaProcess(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.log = dir.resolve("kafka.log");
  }

  /** Formats the storage and starts the broker; returns once it accepts connections. */
  static KafkaProcess start(Path dir) throws Exception {
    Files.createDirectories(dir);
    KafkaProcess k = new KafkaProcess(dir, ServiceProcesses.freePort());
    int controller = ServiceProcesses.freePort();
    Files.writeString(
        k.dir.resolve("server.properties"),
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@127.0.0.1:" + controller,
            "listeners=PLAINTEXT://127.0.0.1:" + k.port + ",CONTROLLER://127.0.0.1:" + controller,
            "advertised.listeners=PLAINTEXT://127.0.0.1:" + k.port,
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + k.dir.resolve("data"),
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=false",
            ""));
    String clusterId =
        java.util.Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                java.nio.ByteBuffer.allocate(16)
                    .putLong(UUID.randomUUID().getMostSignificantBits())
                    .putLong(UUID.randomUUID().getLeastSignificantBits())
                    .array());
    Process format =
        java("kafka.tools.StorageTool", "format", "-t", clusterId, "-c", k.config())
            .redirectErrorStream(true)
            .redirectOutput(k.dir.resolve("format.log").toFile())
            .start();
    if (format.waitFor() != 0) {
      throw new AssertionError(
          "Cannot format the broker's storage: " + ServiceProcesses.log(dir.resolve("format.log")));
    }
    k.startAgain();
    return k;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Starts the stopped broker again, same address and data. */
  void startAgain() throws Exception {
    process =
        java("kafka.Kafka", config())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("The broker exited: " + ServiceProcesses.log(log));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("The broker did not start: " + ServiceProcesses.log(log));
  }

  /** Kills the broker (as a crashed or partitioned broker looks to its clients). */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  private String config() {
    return dir.resolve("server.properties").toString();
  }

  private static ProcessBuilder java(String main, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(main);
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null) {
      kill();
    }
  }
}
