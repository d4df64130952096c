package io.t4t.core.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A readiness answer: whether t4t can work with the warehouse now, with what was checked ({@code
 * folder}) or what failed ({@code error}).
 */
public record Health(boolean up, Map<String, String> data) {
  public static Health up(Map<String, String> data) {
    return new Health(true, Map.copyOf(data));
  }

  public static Health down(String error, Map<String, String> data) {
    Map<String, String> all = new LinkedHashMap<>(data);
    all.put("error", error);
    return new Health(false, Collections.unmodifiableMap(all));
  }
}
