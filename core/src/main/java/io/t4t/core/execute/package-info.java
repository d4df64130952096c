/**
 * The executor role: applies one {@link io.t4t.core.plan.ModelRun} to the warehouse in one
 * transaction together with a {@link io.t4t.core.execute.Ledger} row, and reports a {@link
 * io.t4t.core.execute.RunOutcome}. The ledger row is the commit record: a run is applied exactly
 * when its ledger row exists, so a redelivered run is recognised and has no second effect. A {@link
 * io.t4t.core.execute.WarehouseSession} is one loaded project over its opened warehouse, ledger and
 * state, through which the roles plan and apply.
 */
package io.t4t.core.execute;
