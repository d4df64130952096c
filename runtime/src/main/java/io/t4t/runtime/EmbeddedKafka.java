package io.t4t.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM ({@code t4t serve}, {@code t4t run --transport kafka}, tests):
 * one combined KRaft controller and broker on loopback, started with Kafka's own server class (no
 * test kit), its storage formatted in a temporary folder that is deleted on close. Sized for one
 * process: one partition for group offsets and one for transactions.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("EmbeddedKafka");

  private final KafkaRaftServer server;
  private final Path dir;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, Path dir, String bootstrapServers) {
    this.server = server;
    this.dir = dir;
    this.bootstrapServers = bootstrapServers;
  }

  /** Formats the storage, starts the broker and waits until it accepts clients. */
  public static EmbeddedKafka start() {
    long started = System.nanoTime();
    Path dir = null;
    KafkaRaftServer server = null;
    try {
      dir = Files.createTempDirectory("t4t-kafka");
      int[] ports = freePorts(2); // held together: two distinct ports
      int brokerPort = ports[0];
      int controllerPort = ports[1];
      Properties p = new Properties();
      p.put("process.roles", "broker,controller");
      p.put("node.id", "1");
      p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
      p.put(
          "listeners",
          "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
      p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
      p.put("controller.listener.names", "CONTROLLER");
      p.put("inter.broker.listener.name", "PLAINTEXT");
      p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
      p.put("log.dirs", dir.resolve("data").toString());
      p.put("offsets.topic.replication.factor", "1");
      p.put("offsets.topic.num.partitions", "1");
      p.put("transaction.state.log.replication.factor", "1");
      p.put("transaction.state.log.min.isr", "1");
      p.put("transaction.state.log.num.partitions", "1");
      p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
      p.put("group.initial.rebalance.delay.ms", "0");
      p.put("auto.create.topics.enable", "false");
      p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
      KafkaConfig config = KafkaConfig.fromProps(p);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .setDirectories(Set.of(dir.resolve("data").toString()))
          .setMetadataLogDirectory(dir.resolve("data").toString())
          .setControllerListenerName("CONTROLLER")
          .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      EmbeddedKafka kafka = new EmbeddedKafka(server, dir, "127.0.0.1:" + brokerPort);
      kafka.awaitReady();
      LOG.info(
          String.format(
              "Started an embedded Kafka broker at %s in %.1f s",
              kafka.bootstrapServers(), (System.nanoTime() - started) / 1e9));
      return kafka;
    } catch (Exception e) {
      if (server != null) { // started but never ready: its threads would keep the process alive
        try {
          server.shutdown();
          server.awaitShutdown();
        } catch (RuntimeException stop) {
          e.addSuppressed(stop);
        }
      }
      if (dir != null) {
        delete(dir);
      }
      throw new IllegalStateException("Cannot start the embedded Kafka broker: " + e, e);
    }
  }

  /** Until the broker has registered and answers a client. */
  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (Admin admin =
        Admin.create(Map.of("bootstrap.servers", bootstrapServers, "request.timeout.ms", "2000"))) {
      while (true) {
        try {
          if (!admin.describeCluster().nodes().get().isEmpty()) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException notYet) {
          if (System.nanoTime() > deadline) {
            throw notYet;
          }
        }
        Thread.sleep(20);
      }
    }
  }

  /** Ports free now, all bound at once so that none is handed out twice. */
  private static int[] freePorts(int n) throws IOException {
    ServerSocket[] sockets = new ServerSocket[n];
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        sockets[i] = new ServerSocket(0);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket s : sockets) {
        if (s != null) {
          s.close();
        }
      }
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } catch (RuntimeException e) {
      LOG.warning("Cannot stop the embedded Kafka broker cleanly: " + e);
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException ignored) {
      // a temporary folder
    }
  }
}
