/**
 * Reads the restricted Python subset of model metadata files ({@code models/<schema>/<name>.py}).
 *
 * <p>Nothing here executes Python. The accepted language is: comments, {@code import} and {@code
 * from ... import ...} lines (ignored), and assignments {@code name = value} or {@code name: Type =
 * value} whose value is a dict, list or tuple of literals (strings, numbers, {@code True}, {@code
 * False}, {@code None}) or a name bound earlier in the file. Anything else is an error naming the
 * file and line. {@link io.t4t.core.project.python.PythonLexer} tokenizes, {@link
 * io.t4t.core.project.python.PythonLiteralParser} parses.
 *
 * <p>May depend on {@code io.t4t.core.error} only.
 */
package io.t4t.core.project.python;
