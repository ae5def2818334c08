package dev.atrium.xds.reconcile;

import dev.atrium.xds.ads.ProxyId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which services each proxy's config depends on, and the reverse: so that a change to one service's
 * endpoints recomputes only the proxies that route to it. Used from the reconcile thread only.
 */
final class DependencyIndex {
  private final Map<ProxyId, Set<String>> servicesByProxy = new HashMap<>();
  private final Map<String, Set<ProxyId>> proxiesByService = new HashMap<>();

  void update(ProxyId proxy, Set<String> services) {
    remove(proxy);
    servicesByProxy.put(proxy, Set.copyOf(services));
    for (String s : services) proxiesByService.computeIfAbsent(key(proxy.mesh(), s), k -> new HashSet<>()).add(proxy);
  }

  void remove(ProxyId proxy) {
    Set<String> old = servicesByProxy.remove(proxy);
    if (old == null) return;
    for (String s : old) {
      Set<ProxyId> users = proxiesByService.get(key(proxy.mesh(), s));
      if (users != null) {
        users.remove(proxy);
        if (users.isEmpty()) proxiesByService.remove(key(proxy.mesh(), s));
      }
    }
  }

  Set<ProxyId> usersOf(String mesh, String service) {
    return Set.copyOf(proxiesByService.getOrDefault(key(mesh, service), Set.of()));
  }

  private static String key(String mesh, String service) {
    return mesh + "/" + service;
  }
}
