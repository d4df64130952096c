package io.t4t.cli;

import io.t4t.core.project.Project;
import io.t4t.core.project.ProjectLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --target NAME}: the connection of {@code [targets.NAME]} instead of [connection]. */
final class TargetOption {
  @Option(
      names = "--target",
      paramLabel = "NAME",
      defaultValue = "${env:T4T_TARGET}",
      description =
          "Use the connection in [targets.NAME] of project.toml instead of [connection]"
              + " (default: $T4T_TARGET).")
  String target;

  Project load(Path project) {
    return ProjectLoader.load(project, target == null || target.isBlank() ? null : target);
  }
}
