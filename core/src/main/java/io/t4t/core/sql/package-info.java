/**
 * Model SQL through a real parser (JSqlParser): canonical text for hashes, table references for the
 * DAG, variables, and injection of the incremental filter into the outermost query. Values reach
 * SQL as {@link io.t4t.core.sql.SqlValue typed values} rendered by a dialect, never as spliced
 * text. Depends only on {@code io.t4t.core.error} (the project model depends on it, not the
 * reverse).
 */
package io.t4t.core.sql;
