/**
 * The executor role: applies one {@link io.t4t.core.plan.ModelRun} to the warehouse in one
 * transaction together with a {@link io.t4t.core.execute.Ledger} row, and reports a {@link
 * io.t4t.core.execute.RunOutcome}. The ledger row is the commit record: a run is applied exactly
 * when its ledger row exists, so a redelivered run is recognised and has no second effect. Which
 * engine errors are worth a retry is the engine provider's call ({@code io.t4t.core.engine}).
 */
package io.t4t.core.execute;
