/**
 * The {@code t4t} command (picocli). Thin: parses arguments, calls {@link
 * io.t4t.core.run.ProjectRunner} and the roles, prints, and maps errors to exit codes (0 success, 1
 * a model failed, 2 invalid input or a warehouse unavailable right now). One class per subcommand
 * ({@code RunCommand}, {@code BuildCommand}, {@code SeedCommand}, {@code CompileCommand}, {@code
 * PlanCommand}, {@code StateCommand}, {@code ServeCommand}, {@code NotifyCommand}, {@code
 * DeadLettersCommand}); options shared by several are declared once as mixins ({@code
 * TargetOption}, {@code Selection}, {@code ProjectRun}, {@code TransportOptions}, {@code
 * ClusterOption}).
 */
package io.t4t.cli;
