/**
 * The executor role: applies one {@link io.t4t.core.plan.ModelRun} to the warehouse in one
 * transaction together with a {@link io.t4t.core.execute.Ledger} row, and reports a {@link
 * io.t4t.core.execute.RunOutcome}. The ledger row is the commit record: a run is applied exactly
 * when its ledger row exists, so a redelivered run is recognised and has no second effect. A {@link
 * io.t4t.core.execute.WarehouseSession} is one loaded project over its opened warehouse, ledger and
 * state, through which the roles plan and apply. A failed run leaves no ledger row; {@link
 * io.t4t.core.execute.RunFailures} records it apart, after the rollback (decision 0014). Which
 * engine errors are worth a retry is the engine provider's call ({@code io.t4t.core.engine}).
 *
 * <p>Parts: {@link io.t4t.core.execute.Warehouse} (the JDBC connection; results read by {@code
 * ResultRows}, statements kept by {@code StatementCache}), {@link io.t4t.core.execute.Executor} (a
 * whole run), {@link io.t4t.core.execute.FanOutExecutor} (the fan-out protocol: stage, one bucket
 * per merge sink, finish) with its {@link io.t4t.core.execute.StageRegistry} ({@code _t4t.stages},
 * {@code _t4t.buckets}, versioned), and {@code StepRunner}, the one interpreter of {@link
 * io.t4t.core.strategy.Step steps} both executors share, key checks included.
 *
 * <p>May depend on: {@code io.t4t.core.plan} (the runs and the catalog it reads), {@code
 * io.t4t.core.strategy} (the steps a run executes), {@code io.t4t.core.dialect} (how the engine
 * spells t4t's own tables and statements), {@code io.t4t.core.project} (model definitions, fan-out
 * settings), {@code io.t4t.core.sql} (literals, hashes), {@code io.t4t.core.dag} (the session's
 * model graph), {@code io.t4t.core.engine} (error classification), {@code io.t4t.core.audit} (the
 * audits run on a batch before it is published), {@code io.t4t.core.error}, and the event
 * contracts' {@code io.t4t.events.ErrorCode}. Used in core by {@code run}, {@code roles} and {@code
 * state}, never by the packages it depends on.
 */
package io.t4t.core.execute;
