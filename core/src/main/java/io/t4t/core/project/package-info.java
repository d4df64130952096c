/**
 * The t4t project format: {@code project.toml}, {@code models/<schema>/<name>.sql} with optional
 * {@code <name>.py} metadata, and {@code seeds/<schema>/<table>.csv}. Everything read from disk is
 * validated strictly here; later stages trust these types.
 */
package io.t4t.core.project;
