package dev.atrium.core.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The {@code default} confs of several policy entries deep-merged in Kuma's order: a later entry's
 * field overrides an earlier one's, objects merge field by field, lists and scalars are replaced
 * whole (Kuma's MergeConfs). Typed again after merging, and with, per field set, the entry whose value
 * won ({@code setBy}: {@code "http.requestTimeout" → MeshTimeout/gw spec.to[0]}), so inspection can
 * later say who set what.
 *
 * @param conf the merged conf; empty when no entry applies
 */
public record MergedConf<C>(Optional<C> conf, SortedMap<String, Origin> setBy) {
  public MergedConf {
    setBy = Collections.unmodifiableSortedMap(new TreeMap<>(setBy));
  }

  public static <C> MergedConf<C> none() {
    return new MergedConf<>(Optional.empty(), new TreeMap<>());
  }

  public boolean isEmpty() {
    return conf.isEmpty();
  }

  /** {@code entries} (in merge order) deep-merged into one {@code type}. */
  public static <C> MergedConf<C> merge(List<FromRules.Entry<C>> entries, Class<C> type) {
    if (entries.isEmpty()) return none();
    ObjectNode merged = Mappers.JSON.createObjectNode();
    TreeMap<String, Origin> setBy = new TreeMap<>();
    for (FromRules.Entry<C> e : entries) {
      JsonNode conf = Mappers.JSON.valueToTree(e.conf());
      if (conf instanceof ObjectNode object) mergeInto(merged, object, "", e.origin(), setBy);
    }
    try {
      return new MergedConf<>(Optional.of(Mappers.JSON.treeToValue(merged, type)), setBy);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("merged " + type.getSimpleName() + " does not read back: " + merged, ex);
    }
  }

  private static void mergeInto(ObjectNode into, ObjectNode from, String prefix, Origin origin, Map<String, Origin> setBy) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getValue().isNull()) continue; // absent in the entry: the earlier value stays
      String path = prefix + f.getKey();
      JsonNode mine = into.get(f.getKey());
      if (f.getValue() instanceof ObjectNode child) {
        ObjectNode target = mine instanceof ObjectNode o ? o : into.putObject(f.getKey());
        mergeInto(target, child, path + ".", origin, setBy);
      } else {
        into.set(f.getKey(), f.getValue().deepCopy());
        setBy.put(path, origin);
      }
    }
  }
}
