package io.t4t.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What coordination through Kafka costs per model, the way a user meets it: {@code t4t run} as a
 * process on a generated DAG of trivial table models, once with {@code --transport kafka} (the
 * planner's coordination topology and an executor over an embedded broker) and once with {@code
 * --transport direct} (the same coordinator in memory), alternating, each on a fresh copy of the
 * project. The difference of the medians over the models is the coordination cost per model. {@code
 * --cli JAR} times another build's t4t the same way (to compare with an earlier version).
 */
public final class CoordinationBenchmark {
  public static void main(String[] args) throws Exception {
    int models = 1000;
    int rounds = 3;
    Path cli = Path.of("t4t").toAbsolutePath();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--models" -> models = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--t4t" -> cli = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("t4t-coordination-bench");
    Path template = Projects.dag(dir.resolve("template"), models);
    System.out.printf(
        "Coordination cost: t4t run of %d trivial table models (each reading up to three earlier"
            + " ones), %d rounds, %s%n",
        models, rounds, cli);
    Rounds r = new Rounds();
    for (int round = 0; round < rounds; round++) {
      for (String transport : List.of("direct", "kafka")) {
        Path copy = dir.resolve(transport + "-" + round);
        copy(template, copy);
        double s = time(cli, "run", copy.toString(), "--transport", transport);
        r.add("t4t run --transport " + transport, s);
      }
    }
    // the fixed cost of each process (JVM, broker and coordination start and stop): one model
    Path one = dir.resolve("one");
    Projects.dag(one, 1);
    for (int round = 0; round < rounds; round++) {
      for (String transport : List.of("direct", "kafka")) {
        Path copy = dir.resolve(transport + "-one-" + round);
        copy(one, copy);
        r.add(
            "1 model, --transport " + transport,
            time(cli, "run", copy.toString(), "--transport", transport));
      }
    }
    r.printMedians(32);
    double total =
        (r.median("t4t run --transport kafka") - r.median("t4t run --transport direct"))
            * 1000
            / models;
    double fixed = r.median("1 model, --transport kafka") - r.median("1 model, --transport direct");
    System.out.printf(
        "through Kafka, per model: %.1f ms (difference of the medians / %d); %.1f ms beyond the"
            + " fixed cost of %.2f s a process pays once (broker and coordination start and"
            + " stop)%n",
        total, models, total - fixed * 1000 / models, fixed);
    r.ratio("t4t run --transport kafka", "t4t run --transport direct", "kafka / direct");
  }

  /** Runs a t4t process and returns its wall time in seconds; fails on a non-zero exit. */
  static double time(Path t4t, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(t4t.toString());
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile("t4t-bench", ".log");
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = p.waitFor();
    double s = (System.nanoTime() - t0) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException(
          String.join(" ", args) + " exited " + exit + ": " + Files.readString(log));
    }
    Files.delete(log);
    return s;
  }

  static void copy(Path from, Path to) throws Exception {
    try (var files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    }
  }
}
