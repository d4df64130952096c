/**
 * How each engine spells things. A {@link io.t4t.core.dialect.Dialect} quotes identifiers, renders
 * typed literals and offers statement primitives; it declares its {@link
 * io.t4t.core.dialect.Capability capabilities} and {@link io.t4t.core.dialect.RowChangeParadigm}.
 * Dialects never decide what happens to data: that is a strategy's job ({@code
 * io.t4t.core.strategy}). Adding an engine adds a class here and a provider in {@code
 * io.t4t.core.engine}, and touches no strategy.
 *
 * <p>May depend on {@code project} and {@code sql}: never on a strategy, the planner or the
 * executor.
 */
package io.t4t.core.dialect;
