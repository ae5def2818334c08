package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * What Envoy would refuse in a patched configuration, checked before it is sent (generated resources
 * satisfy it by construction; a user's patch may not): every Any of a type Atrium can read, every
 * listener with an address, every cluster and listener named, and every HTTP connection manager's filter
 * chain non-empty and ending in the router, the terminal filter Envoy requires last. Envoy would NACK such
 * a configuration and keep its old one anyway; refusing it here keeps the reason in the control plane's
 * log and stops the bad version from being offered over and over.
 */
final class PatchedResourceCheck {
  private PatchedResourceCheck() {}

  static final String ROUTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router";

  /** @throws IllegalStateException listing every problem */
  static void check(String proxy, XdsResources xds) {
    List<String> problems = new ArrayList<>();
    for (String type : XdsTypes.ALL) {
      for (Message m : xds.resources(type)) {
        try {
          EnvoyYaml.toJson(m);
        } catch (RuntimeException e) {
          problems.add(describe(m) + " holds a config Atrium cannot read: " + e.getMessage());
        }
      }
    }
    for (Listener l : xds.listeners()) {
      if (l.getName().isEmpty()) problems.add("a listener has no name");
      if (!l.hasAddress()) problems.add("listener \"" + l.getName() + "\" has no address");
      for (FilterChain chain : l.getFilterChainsList()) {
        for (Filter f : chain.getFiltersList()) {
          if (!f.getTypedConfig().is(HttpConnectionManager.class)) continue;
          HttpConnectionManager hcm = unpack(f.getTypedConfig());
          List<HttpFilter> filters = hcm.getHttpFiltersList();
          if (filters.isEmpty() || !filters.get(filters.size() - 1).getTypedConfig().getTypeUrl().equals(ROUTER)) {
            problems.add("listener \"" + l.getName() + "\": the last HTTP filter must be the router (envoy.filters.http.router)");
          }
          for (int i = 0; i < filters.size() - 1; i++) {
            if (filters.get(i).getTypedConfig().getTypeUrl().equals(ROUTER)) {
              problems.add("listener \"" + l.getName() + "\": HTTP filter \"" + filters.get(i).getName()
                  + "\" is the router but not last: the filters after it would never run");
            }
          }
        }
      }
    }
    for (Cluster c : xds.clusters()) {
      if (c.getName().isEmpty()) problems.add("a cluster has no name");
    }
    if (!problems.isEmpty()) {
      throw new RefusedPatchException("patched xDS configuration for proxy " + proxy + " refused: " + String.join("; ", problems));
    }
  }

  private static String describe(Message m) {
    return m.getDescriptorForType().getName() + " \"" + XdsTypes.nameOf(m) + "\"";
  }

  private static HttpConnectionManager unpack(Any any) {
    try {
      return any.unpack(HttpConnectionManager.class);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable HttpConnectionManager", e);
    }
  }
}
