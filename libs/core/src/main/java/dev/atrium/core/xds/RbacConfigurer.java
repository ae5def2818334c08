package dev.atrium.core.xds;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.atrium.core.ir.RbacIr;
import dev.atrium.core.ir.RbacIr.PrincipalIr;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.rbac.v3.Permission;
import io.envoyproxy.envoy.config.rbac.v3.Policy;
import io.envoyproxy.envoy.config.rbac.v3.Principal;
import io.envoyproxy.envoy.config.rbac.v3.RBAC;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts an inbound's permissions on its mesh-TLS filter chain, first so nothing runs for a refused
 * caller: on an HTTP chain as the HTTP connection manager's first HTTP filter
 * ({@code envoy.filters.http.rbac}: a refused request gets 403 {@code RBAC: access denied}, stats
 * {@code http.<stat_prefix>.rbac.allowed|denied|shadow_allowed|shadow_denied}), on a TCP chain as the
 * first network filter ({@code envoy.filters.network.rbac}: the connection is closed, stats
 * {@code <stat_prefix>.rbac.allowed|denied|shadow_allowed|shadow_denied}). The enforced rules are one
 * ALLOW policy; shadow-denied callers are a DENY policy of the shadow rules, counted, never enforced.
 */
final class RbacConfigurer {
  static final String HTTP_FILTER = "envoy.filters.http.rbac";
  static final String NETWORK_FILTER = "envoy.filters.network.rbac";

  private final RbacIr rbac;
  private final String statPrefix;

  RbacConfigurer(RbacIr rbac, String statPrefix) {
    this.rbac = rbac;
    this.statPrefix = statPrefix;
  }

  void configure(FilterChain.Builder chain) {
    List<Filter> filters = new ArrayList<>(chain.getFiltersList());
    int hcmAt = -1;
    for (int i = 0; i < filters.size(); i++) {
      if (filters.get(i).getTypedConfig().is(HttpConnectionManager.class)) hcmAt = i;
    }
    if (hcmAt >= 0) {
      HttpConnectionManager hcm = unpack(filters.get(hcmAt).getTypedConfig());
      List<HttpFilter> http = new ArrayList<>(hcm.getHttpFiltersList());
      http.add(0, HttpFilter.newBuilder().setName(HTTP_FILTER).setTypedConfig(Any.pack(httpRbac())).build());
      hcm = hcm.toBuilder().clearHttpFilters().addAllHttpFilters(http).build();
      filters.set(hcmAt, filters.get(hcmAt).toBuilder().setTypedConfig(Any.pack(hcm)).build());
    } else {
      filters.add(0, Filter.newBuilder().setName(NETWORK_FILTER).setTypedConfig(Any.pack(networkRbac())).build());
    }
    chain.clearFilters().addAllFilters(filters);
  }

  private io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC httpRbac() {
    var out = io.envoyproxy.envoy.extensions.filters.http.rbac.v3.RBAC.newBuilder().setRules(rules());
    if (!rbac.shadowDeny().isEmpty()) out.setShadowRules(shadowRules());
    return out.build();
  }

  private io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC networkRbac() {
    var out = io.envoyproxy.envoy.extensions.filters.network.rbac.v3.RBAC.newBuilder()
        .setStatPrefix(statPrefix + ".")
        .setRules(rules());
    if (!rbac.shadowDeny().isEmpty()) out.setShadowRules(shadowRules());
    return out.build();
  }

  /** Only the listed callers get through; no policy at all (nobody listed) denies everyone. */
  private RBAC rules() {
    RBAC.Builder rules = RBAC.newBuilder().setAction(RBAC.Action.ALLOW);
    if (!rbac.allow().isEmpty()) rules.putPolicies(rbac.policy(), policy(rbac.allow()));
    return rules.build();
  }

  private RBAC shadowRules() {
    return RBAC.newBuilder().setAction(RBAC.Action.DENY).putPolicies(rbac.policy(), policy(rbac.shadowDeny())).build();
  }

  private static Policy policy(List<PrincipalIr> principals) {
    Policy.Builder policy = Policy.newBuilder().addPermissions(Permission.newBuilder().setAny(true));
    principals.forEach(p -> policy.addPrincipals(principal(p)));
    return policy.build();
  }

  /** Every id of the caller, and none of the sets it is excepted by. */
  private static Principal principal(PrincipalIr p) {
    List<Principal> parts = new ArrayList<>();
    if (p.ids().isEmpty() && p.except().isEmpty()) return Principal.newBuilder().setAny(true).build();
    if (p.ids().isEmpty()) parts.add(Principal.newBuilder().setAny(true).build());
    for (String id : p.ids()) parts.add(authenticated(id));
    for (List<String> except : p.except()) {
      parts.add(Principal.newBuilder().setNotId(all(except)).build());
    }
    return parts.size() == 1 ? parts.get(0) : and(parts);
  }

  private static Principal all(List<String> ids) {
    if (ids.isEmpty()) return Principal.newBuilder().setAny(true).build();
    if (ids.size() == 1) return authenticated(ids.get(0));
    return and(ids.stream().map(RbacConfigurer::authenticated).toList());
  }

  private static Principal and(List<Principal> parts) {
    return Principal.newBuilder().setAndIds(Principal.Set.newBuilder().addAllIds(parts)).build();
  }

  /** A certificate URI SAN, exactly. */
  private static Principal authenticated(String id) {
    return Principal.newBuilder().setAuthenticated(Principal.Authenticated.newBuilder()
        .setPrincipalName(StringMatcher.newBuilder().setExact(id))).build();
  }

  private static HttpConnectionManager unpack(Any any) {
    try {
      return any.unpack(HttpConnectionManager.class);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("an HTTP connection manager that does not unpack", e);
    }
  }
}
