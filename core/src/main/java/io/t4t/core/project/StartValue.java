package io.t4t.core.project;

/**
 * Where an incremental model starts on its first run: {@code "auto"} (everything, then from the
 * last processed value), a literal such as {@code "2024-01-01"}, or a variable {@code "@name"}
 * taken from {@code --vars} on every run.
 */
public sealed interface StartValue {
  /** The value as written in metadata, used in log lines and hashes. */
  String text();

  /** {@code "auto"}. */
  record Auto() implements StartValue {
    @Override
    public String text() {
      return "auto";
    }
  }

  /** A literal value, a string or a number as written. */
  record Literal(Object value) implements StartValue {
    @Override
    public String text() {
      return String.valueOf(value);
    }
  }

  /** {@code "@name"} or {@code "{{ name }}"}: resolved from {@code --vars}. */
  record Variable(String name) implements StartValue {
    @Override
    public String text() {
      return "@" + name;
    }
  }
}
