package io.t4t.console;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.ModelName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DAG as the lineage view asks it: one model's upstream and downstream to a chosen depth, and
 * models found by name. Adjacency is copied once into arrays indexed by model, so a focused view is
 * a breadth-first walk over the models it returns, whatever the project's size (a 10,000-model
 * project answers as fast as a small one).
 */
public final class Lineage {
  private final String[] names;
  private final String[] lowerNames;
  private final int[][] up;
  private final int[][] down;
  private final java.util.Map<String, Integer> index = new java.util.HashMap<>();

  /**
   * @param nodes the models in focus or found
   * @param edges {@code [from, to]} pairs between those models, from the model read to the reader
   * @param truncated whether the walk stopped at {@code limit} models
   */
  public record View(List<String> nodes, List<Edge> edges, boolean truncated) {}

  /** An edge from the model read ({@code source}) to the model reading it ({@code target}). */
  public record Edge(String source, String target) {}

  public Lineage(ModelGraph graph) {
    List<ModelName> order = graph.order();
    names = new String[order.size()];
    lowerNames = new String[order.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = order.get(i).toString();
      lowerNames[i] = names[i].toLowerCase(Locale.ROOT);
      index.put(names[i], i);
    }
    up = new int[names.length][];
    down = new int[names.length][];
    for (int i = 0; i < names.length; i++) {
      up[i] = indexes(graph.upstream(order.get(i)));
      down[i] = indexes(graph.downstream(order.get(i)));
    }
  }

  private int[] indexes(java.util.Set<ModelName> models) {
    return models.stream().mapToInt(m -> index.get(m.toString())).toArray();
  }

  /** How many models the project has. */
  public int size() {
    return names.length;
  }

  /** Whether {@code model} ({@code schema.name}) is a model of the project. */
  public boolean contains(String model) {
    return index.containsKey(model);
  }

  /**
   * The model with what it reads and what reads it, {@code depth} steps each way (0: the model
   * alone), at most {@code limit} models (the nearest first).
   */
  public View focus(String model, int depth, int limit) {
    Integer start = index.get(model);
    if (start == null) {
      throw new IllegalArgumentException("Unknown model '" + model + "'");
    }
    boolean[] seen = new boolean[names.length];
    List<Integer> picked = new ArrayList<>();
    seen[start] = true;
    picked.add(start);
    boolean truncated = walk(start, up, depth, limit, seen, picked);
    truncated |= walk(start, down, depth, limit, seen, picked);
    return view(picked, seen, truncated);
  }

  private static boolean walk(
      int start, int[][] next, int depth, int limit, boolean[] seen, List<Integer> picked) {
    List<Integer> frontier = List.of(start);
    for (int d = 0; d < depth && !frontier.isEmpty(); d++) {
      List<Integer> following = new ArrayList<>();
      for (int m : frontier) {
        for (int n : next[m]) {
          if (!seen[n]) {
            if (picked.size() >= limit) {
              return true;
            }
            seen[n] = true;
            picked.add(n);
            following.add(n);
          }
        }
      }
      frontier = following;
    }
    return false;
  }

  /** Every model and edge, when the project is small enough to show whole ({@code limit}). */
  public View all(int limit) {
    boolean[] seen = new boolean[names.length];
    List<Integer> picked = new ArrayList<>();
    for (int i = 0; i < names.length && picked.size() < limit; i++) {
      seen[i] = true;
      picked.add(i);
    }
    return view(picked, seen, picked.size() < names.length);
  }

  private View view(List<Integer> picked, boolean[] seen, boolean truncated) {
    List<String> nodes = new ArrayList<>(picked.size());
    List<Edge> edges = new ArrayList<>();
    for (int m : picked) {
      nodes.add(names[m]);
      for (int reader : down[m]) {
        if (seen[reader]) {
          edges.add(new Edge(names[m], names[reader]));
        }
      }
    }
    return new View(List.copyOf(nodes), List.copyOf(edges), truncated);
  }

  /**
   * Models whose name contains {@code text} (case-insensitive), those starting with it (as {@code
   * schema.name} or as {@code name}) first, at most {@code limit}.
   */
  public List<String> search(String text, int limit) {
    String q = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    List<String> prefix = new ArrayList<>();
    List<String> inside = new ArrayList<>();
    for (int i = 0; i < names.length && prefix.size() < limit; i++) {
      String n = lowerNames[i];
      int at = n.indexOf(q);
      if (at == 0 || (at > 0 && n.charAt(at - 1) == '.')) {
        prefix.add(names[i]);
      } else if (at > 0 && inside.size() < limit) {
        inside.add(names[i]);
      }
    }
    prefix.sort(null);
    inside.sort(null);
    List<String> out = new ArrayList<>(prefix);
    out.addAll(inside.subList(0, Math.min(inside.size(), Math.max(0, limit - prefix.size()))));
    return out;
  }
}
