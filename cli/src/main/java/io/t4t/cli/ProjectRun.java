package io.t4t.cli;

import io.t4t.core.run.RunOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The project argument and the options of every command that plans or runs models. */
abstract class ProjectRun implements Callable<Integer> {
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
