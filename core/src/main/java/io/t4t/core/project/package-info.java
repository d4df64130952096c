/**
 * The t4t project format: {@code project.toml}, {@code models/<schema>/<name>.sql} with optional
 * {@code <name>.py} metadata, and {@code seeds/<schema>/<table>.csv}. Everything read from disk is
 * validated strictly here; later stages trust these types. {@code project.toml} and the metadata
 * dicts are bound to records by {@link io.t4t.core.project.StrictBinding} (Jackson, with unknown
 * keys and coercion refused), and binding problems are worded for the file's author. An engine's
 * connection table is read by its {@link io.t4t.core.project.ConnectionFormat}, found through
 * {@link io.t4t.core.project.ConnectionFormats} (the engine providers of {@code io.t4t.core.engine}
 * implement it; this package never names them).
 *
 * <p>May depend on {@code error} and {@code sql} only: every other core package depends on it.
 */
package io.t4t.core.project;
