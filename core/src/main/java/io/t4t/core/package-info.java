/**
 * The t4t engine, free of frameworks: no Quarkus, no CDI, no Kafka. Services and the CLI wrap it.
 *
 * <p>Three roles, each a plain object: the {@linkplain io.t4t.core.plan.Planner planner} turns a
 * project and its state into an ordered plan of model runs; the {@linkplain
 * io.t4t.core.execute.Executor executor} applies one model run and reports an outcome; the
 * {@linkplain io.t4t.core.state.StateStore state store} keeps last processed values and hashes.
 * {@link io.t4t.core.run.ProjectRunner} wires them together in one process.
 */
package io.t4t.core;
