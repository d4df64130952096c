/**
 * The t4t engine, free of frameworks: no Quarkus, no CDI, no Kafka. Services and the CLI wrap it.
 *
 * <p>Three roles, each a plain object: the {@linkplain io.t4t.core.plan.Planner planner} turns a
 * project and its state into an ordered plan of model runs; the {@linkplain
 * io.t4t.core.execute.Executor executor} applies one model run and reports an outcome; the
 * {@linkplain io.t4t.core.state.StateStore state store} keeps last processed values and hashes. The
 * roles run as message handlers ({@code roles}), in one process for {@code t4t run} ({@link
 * io.t4t.core.roles.LocalRun}) or over Kafka; {@link io.t4t.core.execute.WarehouseSession} is one
 * loaded project over its opened warehouse, and {@link io.t4t.core.run.ProjectRunner} opens it for
 * a one-process run. Each engine is a provider ({@code engine}).
 *
 * <p>Each package's {@code package-info} says which other core packages it may depend on, in a
 * sentence starting "May depend on"; {@code PackageDependenciesTest} holds the code to it.
 */
package io.t4t.core;
