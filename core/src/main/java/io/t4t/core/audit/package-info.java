/**
 * Data tests compiled to SQL: {@link io.t4t.core.audit.TestQueries} turns each {@link
 * io.t4t.core.project.DataTest} into a query returning its failing rows, spelled through the
 * dialect, either on a published table ({@code t4t test}) or on a run's batch before it is
 * published (an audit; the executor runs those, see {@code io.t4t.core.execute.Audits}); {@link
 * io.t4t.core.audit.TestResult} is one test's outcome.
 *
 * <p>May depend on: {@code io.t4t.core.project} (the tests), {@code io.t4t.core.dialect} (quoting,
 * literals), {@code io.t4t.core.plan} (the run whose batch is audited), {@code
 * io.t4t.core.strategy} (what the target would hold after the write), {@code io.t4t.core.sql}, and
 * {@code io.t4t.events} (the outcome as it travels). Nothing here runs SQL.
 */
package io.t4t.core.audit;
