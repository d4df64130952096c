/**
 * Strategies decide what a model run does to data (rebuild, append, merge, delete+insert, view) as
 * an ordered list of {@link io.t4t.core.strategy.Step steps} spelled through a {@link
 * io.t4t.core.dialect.Dialect}. They never execute anything and never name an engine, so every
 * strategy works on every dialect and golden tests pin the exact SQL without a database. {@code
 * SchemaSteps} puts a run's schema change (add, retype, drop columns) before any incremental
 * strategy's load.
 *
 * <p>May depend on {@code plan} (the model run a strategy turns into steps), {@code dialect},
 * {@code project}, {@code sql} and the events module.
 */
package io.t4t.core.strategy;
