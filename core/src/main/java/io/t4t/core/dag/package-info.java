/** The model graph, built from table references the parser found in each model's SQL. */
package io.t4t.core.dag;
