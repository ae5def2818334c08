package dev.atrium.core.policy.inspect;

import dev.atrium.core.model.ResourceKind;
import java.util.List;
import java.util.Map;

/**
 * What one policy kind does to one proxy, in the shape of Kuma's {@code _rules} entry.
 *
 * @param toRules rules per destination tag subset, most specific first, the catch-all last
 * @param toResourceRules the {@code to} entries naming the whole Mesh, each as written
 * @param fromRules per inbound, rules per caller tag subset
 * @param inboundRules per inbound, the {@code from} entries for every caller, each as written
 */
public record KindRules(ResourceKind type, List<SubsetRule> toRules, List<EntryConf> toResourceRules,
    List<Inbound<SubsetRule>> fromRules, List<Inbound<EntryConf>> inboundRules) {

  /** The rules of one sidecar inbound (Kuma names it by port and tags). */
  public record Inbound<R>(String name, int port, Map<String, String> tags, List<R> rules) {}
}
