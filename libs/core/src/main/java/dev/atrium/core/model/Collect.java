package dev.atrium.core.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Normalisation used by every record's compact constructor: collections are never null (absent and
 * empty are the same thing in Kuma's JSON, so a round trip compares equal), immutable, and maps are
 * sorted so output is deterministic. Null map values become "" so validation, not a
 * NullPointerException, reports them.
 */
public final class Collect {
  private Collect() {}

  public static <T> List<T> list(List<T> in) {
    return in == null || in.isEmpty() ? List.of() : Collections.unmodifiableList(new ArrayList<>(in));
  }

  public static Map<String, String> map(Map<String, String> in) {
    if (in == null || in.isEmpty()) return Map.of();
    TreeMap<String, String> sorted = new TreeMap<>();
    in.forEach((k, v) -> sorted.put(k, v == null ? "" : v));
    return Collections.unmodifiableMap(sorted);
  }
}
