package io.t4t.core.project;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Binds a parsed tree ({@code project.toml}, a model's metadata dict) to a record with Jackson's
 * own strictness: unknown keys fail, and nothing is coerced (no number where a string is expected,
 * no {@code "5432"} or {@code 5432.0} for a whole number). The caller turns a {@link Problem} into
 * its own message naming the file, the key and what is allowed.
 */
public final class StrictBinding {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          // a decimal keeps its written scale (10.0 stays 10.0, not 1E+1): it feeds config hashes
          .configure(
              com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES,
              false)
          .withCoercionConfig(
              LogicalType.Textual,
              c ->
                  c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                      .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
          .build();

  private StrictBinding() {}

  /**
   * What did not bind: the path of keys (and list indexes) from the bound tree's root, the value
   * found there (null when absent), and, for an unknown key, the keys its table allows in the
   * record's declaration order (null otherwise).
   */
  public record Problem(
      List<String> path, JsonNode value, List<String> allowed, Class<?> expected) {
    /** True when a table (a record, a map) was expected. */
    public boolean expectedTable() {
      return expected != null
          && (expected.isRecord() || java.util.Map.class.isAssignableFrom(expected));
    }

    /** True when a whole number was expected. */
    public boolean expectedWholeNumber() {
      return expected == Integer.class
          || expected == int.class
          || expected == Long.class
          || expected == long.class;
    }

    /** The last key of the path (a list index counts as part of its list's key). */
    public String key() {
      for (int i = path.size() - 1; i >= 0; i--) {
        if (!path.get(i).chars().allMatch(Character::isDigit)) {
          return path.get(i);
        }
      }
      return "";
    }

    /** The keys of the path joined with dots, without list indexes: {@code fan_out.buckets}. */
    public String dotted() {
      return String.join(
          ".", path.stream().filter(p -> !p.chars().allMatch(Character::isDigit)).toList());
    }
  }

  /** A tree of plain Java values (maps, lists, strings, numbers, booleans, nulls). */
  public static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * Binds {@code node} to {@code type}, or throws what {@code explain} makes of the first problem.
   */
  public static <T> T bind(
      JsonNode node, Class<T> type, Function<Problem, ? extends RuntimeException> explain) {
    try {
      return MAPPER.treeToValue(node, type);
    } catch (JsonMappingException e) {
      List<String> path = new ArrayList<>();
      JsonPointer pointer = JsonPointer.empty();
      for (JsonMappingException.Reference r : e.getPath()) {
        boolean index = r.getFieldName() == null;
        path.add(index ? String.valueOf(r.getIndex()) : r.getFieldName());
        pointer =
            index ? pointer.appendIndex(r.getIndex()) : pointer.appendProperty(r.getFieldName());
      }
      JsonNode at = node.at(pointer);
      if (at.isMissingNode() && !e.getPath().isEmpty()) {
        // the library names the canonical key; the file may have used one of its aliases
        JsonMappingException.Reference last = e.getPath().get(e.getPath().size() - 1);
        JsonNode parent = node.at(pointer.head());
        for (String alias : aliasesOf(last.getFrom(), last.getFieldName())) {
          if (parent.has(alias)) {
            at = parent.get(alias);
            path.set(path.size() - 1, alias);
            break;
          }
        }
      }
      List<String> allowed =
          e instanceof UnrecognizedPropertyException u ? keysOf(u.getReferringClass()) : null;
      Class<?> expected = null;
      if (e instanceof MismatchedInputException m) {
        expected = m.getTargetType();
      } else if (e.getCause() instanceof InputCoercionException c) {
        expected = c.getTargetType();
      }
      RuntimeException translated =
          explain.apply(new Problem(path, at.isMissingNode() ? null : at, allowed, expected));
      translated.addSuppressed(e);
      throw translated;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("Cannot bind a parsed tree to " + type.getSimpleName(), e);
    }
  }

  /** The aliases ({@code @JsonAlias}) of the record component {@code from} binds as {@code key}. */
  private static List<String> aliasesOf(Object from, String key) {
    Class<?> type = from instanceof Class<?> c ? c : from == null ? null : from.getClass();
    if (key == null || type == null || type.getRecordComponents() == null) {
      return List.of();
    }
    for (RecordComponent c : type.getRecordComponents()) {
      var name = c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
      var alias = c.getAccessor().getAnnotation(com.fasterxml.jackson.annotation.JsonAlias.class);
      if (alias != null && name != null && name.value().equals(key)) {
        return List.of(alias.value());
      }
    }
    return List.of();
  }

  /** The keys a record's table allows, in declaration order: its components' JSON names. */
  static List<String> keysOf(Class<?> type) {
    RecordComponent[] components = type.getRecordComponents();
    if (components == null) {
      return List.of();
    }
    return Arrays.stream(components)
        .map(
            c -> {
              var p =
                  c.getAccessor()
                      .getAnnotation(com.fasterxml.jackson.annotation.JsonProperty.class);
              return p == null || p.value().isEmpty() ? c.getName() : p.value();
            })
        .toList();
  }
}
