package io.t4t.cli;

import io.t4t.core.error.InvalidInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code t4t}: incremental SQL materialization. */
@Command(
    name = "t4t",
    mixinStandardHelpOptions = true,
    scope = CommandLine.ScopeType.INHERIT,
    version = "t4t 0.1.0",
    description = "Incremental SQL materialization.",
    subcommands = {
      RunCommand.class,
      SeedCommand.class,
      BuildCommand.class,
      CompileCommand.class,
      PlanCommand.class,
      TestCommand.class,
      StateCommand.class,
      ServeCommand.class,
      NotifyCommand.class,
      DeadLettersCommand.class,
      BackfillCommand.class,
      RunsCommand.class
    })
public final class T4tCommand implements Runnable {
  static final int OK = 0;
  static final int MODEL_FAILED = 1;
  static final int INVALID_INPUT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command");
  }

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line and returns the exit code (tests call this in-process). */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    LogFormat.install(err);
    CommandLine cl = new CommandLine(new T4tCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          if (e instanceof InvalidInputException
              || e instanceof io.t4t.core.error.UnavailableException) {
            err.println("ERROR - " + e.getMessage());
            return INVALID_INPUT;
          }
          err.println("ERROR - " + e);
          return MODEL_FAILED;
        });
    return cl.execute(args);
  }
}
