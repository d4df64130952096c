/**
 * The executor-service: a consumer group on model-run commands. Each command is applied through the
 * core's {@link io.t4t.core.roles.ExecutorRole} (re-planned from the target's run ledger,
 * idempotent per run and model) and its outcome is published before the command's offset is
 * committed, so a crash means redelivery, never loss, and redelivery has no second effect. The
 * project is loaded once ({@link io.t4t.executor.ExecutorProject}); only the warehouse is opened
 * per command.
 */
package io.t4t.executor;
