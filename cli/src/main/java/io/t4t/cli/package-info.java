/**
 * The {@code t4t} command (picocli). Thin: parses arguments, calls {@link
 * io.t4t.core.run.ProjectRunner}, prints, and maps errors to exit codes (0 success, 1 a model
 * failed, 2 invalid input).
 */
package io.t4t.cli;
