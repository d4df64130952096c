package io.t4t.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Planning time as users meet it: {@code t4t plan PROJECT} as a process (through its launcher) on
 * generated DAGs of trivial table models, each reading up to three earlier ones, at several sizes.
 * The baseline is the same process on a one-model project (JVM start, loading, the warehouse
 * opened): what remains grows with the models. Then the same after one {@code t4t run} of each
 * project up to {@code --after-run-max} models (default 10,000): every table exists, so planning
 * also reads the catalog. Medians of the rounds.
 */
public final class PlanningBenchmark {
  public static void main(String[] args) throws Exception {
    List<Integer> sizes = new ArrayList<>(List.of(1_000, 3_000, 10_000, 30_000));
    int rounds = 3;
    int afterRunMax = 10_000;
    Path t4t = Path.of("t4t").toAbsolutePath();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sizes" -> {
          sizes.clear();
          for (String s : args[++i].split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
          }
        }
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--after-run-max" -> afterRunMax = Integer.parseInt(args[++i]);
        case "--t4t" -> t4t = Path.of(args[++i]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("t4t-planning-bench");
    try {
      run(dir, sizes, rounds, afterRunMax, t4t);
    } finally {
      DuckDbStrategyBenchmark.deleteTree(dir); // tens of thousands of files
    }
  }

  private static void run(Path dir, List<Integer> sizes, int rounds, int afterRunMax, Path t4t)
      throws Exception {
    System.out.printf(
        "Planning: t4t plan of generated DAGs (trivial table models, each reading up to three"
            + " earlier ones), %d rounds, %s%n",
        rounds, t4t);
    Rounds r = new Rounds();
    Path one = Projects.dag(dir.resolve("one"), 1);
    List<Path> projects = new ArrayList<>();
    for (int n : sizes) {
      projects.add(Projects.dag(dir.resolve("dag-" + n), n));
    }
    for (int round = 0; round < rounds; round++) {
      r.add("1 model", CoordinationBenchmark.time(t4t, "plan", one.toString()));
      for (int k = 0; k < sizes.size(); k++) {
        String what = String.format("%,d models", sizes.get(k));
        r.add(what, CoordinationBenchmark.time(t4t, "plan", projects.get(k).toString()));
      }
    }
    List<Integer> ran = new ArrayList<>();
    for (int k = 0; k < sizes.size(); k++) {
      if (sizes.get(k) <= afterRunMax) {
        double s = CoordinationBenchmark.time(t4t, "run", projects.get(k).toString());
        System.out.printf(
            "t4t run of %,d models: %.2f s (once, to create the tables)%n", sizes.get(k), s);
        ran.add(k);
      }
    }
    CoordinationBenchmark.time(t4t, "run", one.toString());
    for (int round = 0; round < rounds; round++) {
      r.add("1 model, after a run", CoordinationBenchmark.time(t4t, "plan", one.toString()));
      for (int k : ran) {
        String what = String.format("%,d models, after a run", sizes.get(k));
        r.add(what, CoordinationBenchmark.time(t4t, "plan", projects.get(k).toString()));
      }
    }
    r.printMedians(28);
    for (int n : sizes) {
      perModel(r, String.format("%,d models", n), "1 model", n);
    }
    for (int k : ran) {
      int n = sizes.get(k);
      perModel(r, String.format("%,d models, after a run", n), "1 model, after a run", n);
    }
  }

  private static void perModel(Rounds r, String what, String baseline, int n) {
    System.out.printf(
        "%-28s %.2f s, %.0f us per model beyond the one-model process%n",
        what, r.median(what), (r.median(what) - r.median(baseline)) * 1e6 / n);
  }
}
