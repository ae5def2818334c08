package dev.atrium.core.translate;

import dev.atrium.core.ir.EndpointsIr;
import dev.atrium.core.snapshot.Endpoint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A service's endpoints as the hosts of its EDS cluster: this zone's at priority 0, other zones'
 * ingresses at priority 1 — so the local zone is preferred while it has healthy hosts, and the other
 * zones take over what it cannot serve. An ingress listed once per tag set it reaches becomes one host
 * weighted by all the instances behind it (Envoy knows a host by its address).
 */
final class EndpointHosts {
  private EndpointHosts() {}

  static List<EndpointsIr.Endpoint> of(List<Endpoint> endpoints) {
    Map<String, EndpointsIr.Endpoint> hosts = new LinkedHashMap<>();
    for (Endpoint e : endpoints) {
      if (!e.remote()) {
        hosts.putIfAbsent(e.address() + ":" + e.port(), new EndpointsIr.Endpoint(e.address(), e.port(), 1));
        continue;
      }
      hosts.merge(e.address() + ":" + e.port(), new EndpointsIr.Endpoint(e.address(), e.port(), e.weight(), e.zone(), 1),
          (a, b) -> new EndpointsIr.Endpoint(a.address(), a.port(), a.weight() + b.weight(), a.zone(), a.priority()));
    }
    return List.copyOf(hosts.values());
  }
}
