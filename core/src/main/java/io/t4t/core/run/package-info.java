/**
 * Wires the three roles together in one process for the CLI: {@link io.t4t.core.run.ProjectRunner}
 * plans with {@link io.t4t.core.plan.Planner}, applies with {@link io.t4t.core.execute.Executor}
 * and records with a {@link io.t4t.core.state.StateStore}. {@link io.t4t.core.run.Engine} opens the
 * warehouse for a project's connection, as a facade over the project's {@link
 * io.t4t.core.engine.EngineProvider}.
 */
package io.t4t.core.run;
