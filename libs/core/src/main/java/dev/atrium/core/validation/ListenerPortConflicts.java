package dev.atrium.core.validation;

import dev.atrium.core.model.gateway.MeshGatewaySpec.Listener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Listeners on one port become one Envoy listener, so they must agree: one protocol, one listener
 * per hostname (an empty hostname is "*"), and one connection limit. Kuma's
 * validateListenerCollapsibility; violations come per rule in listener order, so output is stable.
 */
final class ListenerPortConflicts {
  private ListenerPortConflicts() {}

  static void check(Violations v, FieldPath listenersPath, List<Listener> listeners) {
    Map<Integer, List<Integer>> byPort = new LinkedHashMap<>();
    for (int i = 0; i < listeners.size(); i++) {
      byPort.computeIfAbsent(listeners.get(i).portOrZero(), p -> new ArrayList<>()).add(i);
    }
    List<Integer> protocolConflicts = new ArrayList<>();
    List<Integer> hostnameConflicts = new ArrayList<>();
    List<Integer> limitConflicts = new ArrayList<>();
    for (List<Integer> onPort : byPort.values()) {
      Set<String> protocols = new HashSet<>();
      Map<String, Integer> hostnameCount = new LinkedHashMap<>();
      Set<Long> limits = new HashSet<>();
      for (int i : onPort) {
        Listener l = listeners.get(i);
        protocols.add(String.valueOf(l.protocol()));
        hostnameCount.merge(l.effectiveHostname(), 1, Integer::sum);
        Long limit = limitOf(l);
        if (limit != null) limits.add(limit);
      }
      for (int i : onPort) {
        Listener l = listeners.get(i);
        if (protocols.size() > 1) protocolConflicts.add(i);
        if (hostnameCount.get(l.effectiveHostname()) > 1) hostnameConflicts.add(i);
        if (limits.size() > 1 && limitOf(l) != null) limitConflicts.add(i);
      }
    }
    for (int i : sorted(protocolConflicts)) {
      v.add(listenersPath.index(i), "protocol conflicts with other listeners on this port");
    }
    for (int i : sorted(hostnameConflicts)) {
      v.add(listenersPath.index(i), "multiple listeners for hostname on this port");
    }
    for (int i : sorted(limitConflicts)) {
      v.add(listenersPath.index(i).field("resources").field("connectionLimit"), "conflicting values for this port");
    }
  }

  /** A connection limit of 0 means "none", as in Kuma's uint32 field. */
  private static Long limitOf(Listener l) {
    Long limit = l.resources() == null ? null : l.resources().connectionLimit();
    return limit == null || limit == 0 ? null : limit;
  }

  private static List<Integer> sorted(List<Integer> indexes) {
    List<Integer> out = new ArrayList<>(indexes);
    out.sort(null);
    return out;
  }
}
