package io.t4t.cli;

import io.t4t.core.error.InvalidInputException;
import io.t4t.events.DeadLetterReason;
import io.t4t.runtime.DeadLetterTopic;
import io.t4t.runtime.ServeFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code t4t dead-letters list|replay}: the records t4t's services or {@code t4t serve} could not
 * process, with why and where from; and sending chosen ones back to their topic once the cause is
 * fixed (docs/reference/events.md#dead-letters).
 */
@Command(
    name = "dead-letters",
    description = "List the records t4t could not process, or replay them to their topic.",
    subcommands = {DeadLettersCommand.List.class, DeadLettersCommand.Replay.class})
final class DeadLettersCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: list or replay");
  }

  /** Where the dead-letter topic is: a cluster, or the broker of a running t4t serve. */
  static final class Cluster {
    @CommandLine.Mixin ClusterOption cluster = new ClusterOption();

    @Option(
        names = "--project",
        paramLabel = "PROJECT",
        description = "The project of a running t4t serve (default: the current folder).")
    Path project = Path.of(".");

    @Option(
        names = "--topic-prefix",
        paramLabel = "PREFIX",
        description = "The installation's topic prefix (default: t4t.).")
    String prefix = "t4t.";

    @Option(
        names = "--kafka-config",
        paramLabel = "FILE",
        description =
            "Kafka client settings (a .properties file: security.protocol, sasl.*, ssl.*) for a"
                + " cluster that needs them.")
    Path kafkaConfig;

    /** The client settings of --kafka-config (none without it). */
    java.util.Map<String, Object> client() {
      java.util.Map<String, Object> out = new java.util.HashMap<>();
      if (kafkaConfig == null) {
        return out;
      }
      java.util.Properties p = new java.util.Properties();
      try (var in = java.nio.file.Files.newBufferedReader(kafkaConfig)) {
        p.load(in);
      } catch (java.io.IOException e) {
        throw new InvalidInputException(
            "Cannot read --kafka-config " + kafkaConfig + ": " + e.getMessage());
      }
      p.forEach((k, v) -> out.put(k.toString(), v));
      return out;
    }

    String servers(String what) {
      return cluster.given()
          ? cluster.servers
          : ServeFile.read(project.toAbsolutePath().normalize(), what).bootstrapServers();
    }
  }

  @Command(name = "list", description = "Print each dead letter: position, origin, reason.")
  static final class List implements Callable<Integer> {
    @CommandLine.Mixin Cluster cluster = new Cluster();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      java.util.List<DeadLetterTopic.Entry> entries =
          DeadLetterTopic.read(
              cluster.servers("list dead letters"), cluster.prefix, cluster.client());
      for (DeadLetterTopic.Entry e : entries) {
        if (e.letter() == null) {
          out.println(e.position() + "  (not a t4t dead letter: its headers are missing)");
          continue;
        }
        out.printf(
            "%s  from %s/%d@%d  by %s  [%s] %s%n",
            e.position(),
            e.letter().topic(),
            e.letter().partition(),
            e.letter().offset(),
            e.letter().service(),
            e.letter().code().wireName(),
            e.letter().reason());
      }
      out.println(entries.size() + " dead letter(s)");
      out.flush();
      return T4tCommand.OK;
    }
  }

  @Command(
      name = "replay",
      description =
          "Produce dead letters, unchanged, to the topic they came from (after fixing the cause).")
  static final class Replay implements Callable<Integer> {
    @CommandLine.Mixin Cluster cluster = new Cluster();

    @Parameters(
        arity = "0..*",
        paramLabel = "PARTITION@OFFSET",
        description = "Which dead letters, as `t4t dead-letters list` prints them.")
    java.util.List<String> positions = new ArrayList<>();

    @Option(
        names = "--reason",
        paramLabel = "CODE",
        description = "Every dead letter with this reason code (e.g. processing_failed).")
    String reason;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (positions.isEmpty() == (reason == null)) {
        throw new InvalidInputException(
            "Invalid replay: name the dead letters (PARTITION@OFFSET, as `t4t dead-letters list`"
                + " prints them) or give --reason CODE, not both and not neither");
      }
      DeadLetterReason code = reason == null ? null : reasonCode(reason);
      String servers = cluster.servers("replay dead letters");
      java.util.List<DeadLetterTopic.Entry> all =
          DeadLetterTopic.read(servers, cluster.prefix, cluster.client());
      Set<String> wanted = new TreeSet<>(positions);
      java.util.List<DeadLetterTopic.Entry> chosen = new ArrayList<>();
      for (DeadLetterTopic.Entry e : all) {
        boolean named = wanted.remove(e.position());
        if (e.letter() != null && (named || (code != null && e.letter().code() == code))) {
          chosen.add(e);
        } else if (named) {
          throw new InvalidInputException(
              "Cannot replay " + e.position() + ": it is not a t4t dead letter (no origin)");
        }
      }
      if (!wanted.isEmpty()) {
        throw new InvalidInputException(
            "Cannot replay "
                + wanted
                + ": no such dead letter (see `t4t dead-letters list` for positions)");
      }
      int n = DeadLetterTopic.replay(servers, chosen, cluster.client());
      spec.commandLine().getOut().println("Replayed " + n + " dead letter(s)");
      spec.commandLine().getOut().flush();
      return T4tCommand.OK;
    }

    private static DeadLetterReason reasonCode(String text) {
      try {
        return DeadLetterReason.fromName(text);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("Invalid --reason: " + e.getMessage());
      }
    }
  }
}
