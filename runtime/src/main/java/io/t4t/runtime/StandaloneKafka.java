package io.t4t.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A standalone broker for local deployments ({@code deploy/local/}): starts a real single-node
 * KRaft broker, creates the t4t topics, writes the bootstrap address to the file named by the first
 * argument, and runs until the process is stopped.
 *
 * <p>Usage: {@code java -cp ... io.t4t.runtime.StandaloneKafka ADDRESS_FILE [PARTITIONS]}
 */
public final class StandaloneKafka {
  private StandaloneKafka() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: StandaloneKafka ADDRESS_FILE [PARTITIONS]");
      System.exit(2);
    }
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    EmbeddedKafka kafka = EmbeddedKafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
    Topics.create(kafka.bootstrapServers(), "t4t.", partitions);
    Path file = Path.of(args[0]);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, kafka.bootstrapServers());
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("Kafka broker at " + kafka.bootstrapServers());
    Thread.currentThread().join();
  }
}
