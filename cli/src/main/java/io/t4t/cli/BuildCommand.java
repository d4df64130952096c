package io.t4t.cli;

import picocli.CommandLine.Command;

@Command(name = "build", description = "Load seeds, then run the models.")
final class BuildCommand extends RunCommand {
  @Override
  boolean loadsSeeds() {
    return true;
  }
}
