package io.t4t.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.python.PythonLiteralParser;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonLiteralParserTest {

  @Test
  void readsTheSeedsMetadataForm() {
    String src =
        """
        from tee.typing import ModelMetadata
        import os.path as p

        # a comment
        metadata_merge: ModelMetadata = {
            "description": 'upsert',  # trailing comment
            "materialization": "incremental",
            "incremental": {
                "strategy": "merge",
                "merge": {"unique_key": ["id", "day"], "lookback": "3 hours", "n": -2, "f": 1.5,
                          "ok": True, "no": False, "none": None, "t": ("a",)},
            },
        }
        metadata = metadata_merge  # chosen
        """;
    Map<String, Object> b = PythonLiteralParser.parse("m.py", src);
    assertThat(b).containsOnlyKeys("metadata_merge", "metadata");
    @SuppressWarnings("unchecked")
    Map<String, Object> merge =
        (Map<String, Object>)
            ((Map<String, Object>) ((Map<String, Object>) b.get("metadata")).get("incremental"))
                .get("merge");
    assertThat(merge)
        .containsEntry("unique_key", List.of("id", "day"))
        .containsEntry("n", -2L)
        .containsEntry("f", new BigDecimal("1.5"))
        .containsEntry("ok", true)
        .containsEntry("no", false)
        .containsEntry("none", null)
        .containsEntry("t", List.of("a"));
    assertThat(b.get("metadata")).isSameAs(b.get("metadata_merge"));
  }

  @Test
  void stringsConcatenateAndUnescape() {
    Map<String, Object> b =
        PythonLiteralParser.parse("m.py", "x = 'a' \"b\" '\\n' r'\\d'\ny = '''multi\nline'''\n");
    assertThat(b).containsEntry("x", "ab\n\\d").containsEntry("y", "multi\nline");
  }

  @Test
  void escapesFollowPython() {
    Map<String, Object> b =
        PythonLiteralParser.parse("m.py", "x = '\\x41\\u00e9\\U0001F600\\101\\0\\q'\n");
    assertThat(b).containsEntry("x", "A\u00e9\uD83D\uDE00A\u0000\\q");
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = '\\u12'\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("m.py line 1")
        .hasMessageContaining("needs 4 hex digits");
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = '\\N{DASH}'\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("named escapes");
  }

  @Test
  void callsAreRejectedWithFileAndLine() {
    assertThatThrownBy(() -> PythonLiteralParser.parse("models/s/m.py", "a = 1\nb = dict(x=1)\n"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("models/s/m.py line 2")
        .hasMessageContaining("calls");
  }

  @Test
  void unboundNamesAreRejected() {
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "metadata = metadata_merge\n"))
        .hasMessageContaining("m.py line 1")
        .hasMessageContaining("'metadata_merge' is not bound");
  }

  @Test
  void statementsOtherThanAssignmentsAreRejected() {
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = 1\n\nif x:\n  y = 2\n"))
        .hasMessageContaining("m.py line 3")
        .hasMessageContaining("only imports and assignments");
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = f'{y}'\n"))
        .hasMessageContaining("f-strings");
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = 1 + 2\n"))
        .hasMessageContaining("unexpected character '+'");
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = {'a': 1, 'a': 2}\n"))
        .hasMessageContaining("duplicate key 'a'");
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = {1: 2}\n"))
        .hasMessageContaining("dict keys must be strings");
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = 'open\n"))
        .hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> PythonLiteralParser.parse("m.py", "x = {'a': 1\n"))
        .hasMessageContaining("expected ',' or '}'");
  }
}
