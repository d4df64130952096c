/**
 * The model graph, built from table references the parser found in each model's SQL.
 *
 * <p>May depend on {@code project}, {@code sql} and {@code error}.
 */
package io.t4t.core.dag;
