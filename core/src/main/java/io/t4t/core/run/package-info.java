/**
 * A project run in one process, for the CLI, the embedded runtime and tests: {@link
 * io.t4t.core.run.Engine} opens the warehouse for a project's connection (a facade over its {@link
 * io.t4t.core.engine.EngineProvider}), and {@link io.t4t.core.run.ProjectRunner} opens the project
 * on it as an {@link io.t4t.core.execute.WarehouseSession} (keeping {@code data/tee_state.db} in
 * step) and adds what only a one-process run does: checking and planning a whole selection ({@code
 * plan}, {@code compile}), loading seeds, resetting a model. The run itself goes through the roles
 * ({@link io.t4t.core.roles.LocalRun}); a backfill ({@link io.t4t.core.run.Backfill}) applies its
 * planned runs through the session directly. May depend on every other core package; none depends
 * on it (the roles work through a session, {@code ArchitectureTest} checks).
 */
package io.t4t.core.run;
