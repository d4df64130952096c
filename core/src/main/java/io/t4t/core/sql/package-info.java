/**
 * Model SQL through a real parser (JSqlParser). {@link io.t4t.core.sql.ModelSql} is the entry point
 * other packages use: it parses a model ({@code Parsing}, with {@code Templates} turning {@code {{
 * name }}} into parser variables) and offers canonical text for {@link io.t4t.core.sql.Hashes
 * hashes}, {@link io.t4t.core.sql.TableRef table references} for the DAG ({@code TableReferences}),
 * the files it reads ({@code FileSources}), its variables ({@code Variables}) and renders it with
 * an incremental filter injected into the outermost query ({@code FilterInjection}).
 *
 * <p>Values reach SQL as {@link io.t4t.core.sql.SqlValue typed values} rendered by a dialect, never
 * as spliced text: a {@link io.t4t.core.sql.Condition}'s bound travels in the parse tree as a typed
 * node. Identifiers written into SQL are quoted by the dialect through {@link
 * io.t4t.core.sql.IdentifierQuoter} and {@link io.t4t.core.sql.ValueRenderer}, interfaces every
 * {@code io.t4t.core.dialect.Dialect} implements.
 *
 * <p>May depend on {@code error} only; the project model and the dialects depend on it, not the
 * reverse.
 */
package io.t4t.core.sql;
