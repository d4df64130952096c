package io.t4t.cli;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.Project;
import io.t4t.runtime.ServeFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "notify", description = "Tell a running t4t serve that a source has new data.")
final class NotifyCommand implements Callable<Integer> {
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

  @CommandLine.Mixin ClusterOption cluster = new ClusterOption();

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
        cluster.given() ? cluster.servers : ServeFile.read(p.root()).bootstrapServers();
    io.t4t.runtime.Producers.publishOne(
        servers,
        "t4t.",
        io.t4t.events.Envelope.of(
            "arrival-" + java.util.UUID.randomUUID(),
            new io.t4t.events.DataArrived(source, location)),
        java.time.Duration.ofSeconds(30));
    java.util.logging.Logger.getLogger("ExecutionEngine")
        .info("Published data arrival for " + source);
    return T4tCommand.OK;
  }
}
