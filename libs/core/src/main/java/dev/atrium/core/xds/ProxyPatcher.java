package dev.atrium.core.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.ir.ClusterIr;
import dev.atrium.core.ir.ListenerIr;
import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.ir.ProxyKind;
import dev.atrium.core.ir.ProxyPatchIr;
import dev.atrium.core.model.proxypatch.JsonPatchBlock;
import dev.atrium.core.model.proxypatch.Match;
import dev.atrium.core.model.proxypatch.Mod;
import dev.atrium.core.model.proxypatch.Modification;
import dev.atrium.core.model.proxypatch.ProxyTemplateSpec.RawResource;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.fabric8.zjsonpatch.JsonPatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The post-xDS stage: MeshProxyPatch and ProxyTemplate changes ({@link ProxyIr#patches()}) applied to the
 * Envoy resources the generators built, in order, before {@link XdsResources} checks the result. Each
 * resource is matched by name and by Kuma's origin — what made it: {@code gateway} for a builtin
 * gateway's, {@code inbound}, {@code outbound}, {@code transparent} (a redirect port or passthrough
 * cluster) for a sidecar's or delegated gateway's, the policy's own origin for what a patch added.
 *
 * <p>A change that cannot be applied (a JSON patch path that is not there) fails the whole translation
 * with the policy and modification named, so the proxy keeps its last good configuration.
 */
final class ProxyPatcher {
  private ProxyPatcher() {}

  static void apply(ProxyIr proxy, XdsResources.Builder out) {
    if (proxy.patches().isEmpty()) return;
    Origins origins = Origins.of(proxy);
    for (ProxyPatchIr patch : proxy.patches()) {
      for (int i = 0; i < patch.resources().size(); i++) {
        RawResource raw = patch.resources().get(i);
        try {
          Message resource = raw(raw.resource());
          replace(out.resources(XdsTypes.typeUrlOf(resource)), resource);
          origins.added(XdsTypes.typeUrlOf(resource), XdsTypes.nameOf(resource), "proxy-template-raw");
        } catch (RuntimeException e) {
          throw new RefusedPatchException(patch.source() + ": resources[" + i + "] (" + raw.name() + "): " + e.getMessage(), e);
        }
      }
      for (int i = 0; i < patch.modifications().size(); i++) {
        Modification m = patch.modifications().get(i);
        if (m.target() == null) continue;
        try {
          new Step(out, origins, patch.origin(), m.mod()).apply(m.target());
        } catch (RuntimeException e) {
          throw new RefusedPatchException(patch.source() + ": modification " + i + " (" + m.target().field + "): " + e.getMessage(), e);
        }
      }
    }
  }

  private static Message raw(String yaml) throws IllegalArgumentException {
    Any any = EnvoyYaml.parse(yaml, Any.newBuilder()).build();
    String typeName = any.getTypeUrl().substring(any.getTypeUrl().lastIndexOf('/') + 1);
    try {
      return switch (typeName) {
        case "envoy.config.listener.v3.Listener" -> any.unpack(Listener.class);
        case "envoy.config.route.v3.RouteConfiguration" -> any.unpack(RouteConfiguration.class);
        case "envoy.config.cluster.v3.Cluster" -> any.unpack(Cluster.class);
        case "envoy.config.endpoint.v3.ClusterLoadAssignment" ->
            any.unpack(io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment.class);
        default -> throw new IllegalArgumentException("not an xDS resource Atrium serves: " + typeName);
      };
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Adds {@code resource}, replacing one of the same name (Kuma's resource set keeps one per name). */
  private static void replace(List<Message> list, Message resource) {
    list.removeIf(m -> XdsTypes.nameOf(m).equals(XdsTypes.nameOf(resource)));
    list.add(resource);
  }

  /** Kuma's origin of every generated resource, by type URL and name; tags of each listener. */
  static final class Origins {
    private final Map<String, Map<String, String>> byType = new HashMap<>();
    private final Map<String, Map<String, String>> listenerTags = new HashMap<>();

    static Origins of(ProxyIr proxy) {
      Origins o = new Origins();
      boolean builtin = proxy.kind() == ProxyKind.BUILTIN_GATEWAY;
      for (ListenerIr l : proxy.listeners()) {
        String origin = builtin ? "gateway"
            : l.binding() == ListenerIr.Binding.VIRTUAL ? "transparent"
            : switch (l.direction()) {
              case INBOUND -> "inbound";
              case OUTBOUND -> "outbound";
              case GATEWAY -> "gateway";
            };
        o.added(XdsTypes.LISTENER, l.name(), origin);
        o.listenerTags.put(l.name(), l.service() == null ? Map.of() : Map.of("kuma.io/service", l.service()));
        if (l.route() != null) o.added(XdsTypes.ROUTE, l.route().name(), origin);
        l.filterChains().stream().filter(c -> c.route() != null).forEach(c -> o.added(XdsTypes.ROUTE, c.route().name(), origin));
      }
      for (ClusterIr c : proxy.clusters()) {
        o.added(XdsTypes.CLUSTER, c.name(), builtin ? "gateway" : switch (c.kind()) {
          // A STATIC cluster with a service is an ExternalService at an IP: outbound traffic, as in Kuma.
          case STATIC -> c.service() == null ? "inbound" : "outbound";
          case EDS, STRICT_DNS -> "outbound";
          case ORIGINAL_DST -> "transparent";
        });
      }
      return o;
    }

    void added(String type, String name, String origin) {
      byType.computeIfAbsent(type, t -> new HashMap<>()).put(name, origin);
    }

    String of(String type, String name) {
      return byType.getOrDefault(type, Map.of()).get(name);
    }

    Map<String, String> tagsOf(String listener) {
      return listenerTags.getOrDefault(listener, Map.of());
    }
  }

  /** One modification applied to the resources of its kind. */
  private record Step(XdsResources.Builder out, Origins origins, String addedOrigin, Mod mod) {

    void apply(Modification.Target target) {
      switch (target) {
        case CLUSTER -> resource(XdsTypes.CLUSTER, Cluster::newBuilder, null);
        case LISTENER -> resource(XdsTypes.LISTENER, Listener::newBuilder,
            l -> tagsMatch(match().tags(), origins.tagsOf(XdsTypes.nameOf(l))));
        case NETWORK_FILTER -> listeners(this::networkFilters);
        case HTTP_FILTER -> listeners(l -> l.toBuilder().clearFilterChains()
            .addAllFilterChains(l.getFilterChainsList().stream().map(this::httpFiltersOfChain).toList()).build());
        case VIRTUAL_HOST -> virtualHosts();
      }
    }

    private Match match() {
      return mod.match() == null ? new Match(null, null, null, null, null, null) : mod.match();
    }

    private String op() {
      return mod.operation() == null ? "" : mod.operation().toLowerCase();
    }

    private boolean originMatches(String type, String name) {
      return match().origin() == null || match().origin().equals(origins.of(type, name));
    }

    /** Add, Remove or Patch whole clusters or listeners. */
    private void resource(String type, Supplier<Message.Builder> builder, Predicate<Message> extra) {
      List<Message> list = out.resources(type);
      Predicate<Message> matches = m -> (match().name() == null || match().name().equals(XdsTypes.nameOf(m)))
          && originMatches(type, XdsTypes.nameOf(m)) && (extra == null || extra.test(m));
      switch (op()) {
        case "add" -> {
          Message added = EnvoyYaml.parse(mod.value(), builder.get()).build();
          replace(list, added);
          origins.added(type, XdsTypes.nameOf(added), addedOrigin);
        }
        case "remove" -> list.removeIf(matches);
        case "patch" -> list.replaceAll(m -> matches.test(m) ? patched(m, builder) : m);
        default -> throw new IllegalArgumentException("invalid operation: " + mod.operation());
      }
    }

    /** {@code m} with the value merged in, or the JSON patches applied. */
    private <M extends Message> M patched(M m, Supplier<Message.Builder> builder) {
      if (mod.jsonPatches() != null && !mod.jsonPatches().isEmpty()) {
        JsonNode patched = JsonPatch.apply(Mappers.JSON.valueToTree(patchOps(mod.jsonPatches())), EnvoyYaml.toJson(m));
        @SuppressWarnings("unchecked")
        M result = (M) EnvoyYaml.fromJson(patched, m.newBuilderForType()).build();
        return result;
      }
      return ProtoMerge.merge(m, EnvoyYaml.parse(mod.value(), builder.get()).build());
    }

    private static List<Map<String, Object>> patchOps(List<JsonPatchBlock> blocks) {
      List<Map<String, Object>> ops = new ArrayList<>();
      for (JsonPatchBlock b : blocks) {
        Map<String, Object> op = new java.util.LinkedHashMap<>();
        op.put("op", b.op());
        op.put("path", b.path());
        if (b.value() != null) op.put("value", b.value());
        if (b.from() != null) op.put("from", b.from());
        ops.add(op);
      }
      return ops;
    }

    /** Every listener the filter match selects (listenerName, listenerTags, origin), changed by {@code change}. */
    private void listeners(Function<Listener, Listener> change) {
      List<Message> list = out.resources(XdsTypes.LISTENER);
      list.replaceAll(m -> {
        Listener l = (Listener) m;
        boolean selected = (match().listenerName() == null || match().listenerName().equals(l.getName()))
            && originMatches(XdsTypes.LISTENER, l.getName())
            && tagsMatch(match().listenerTags(), origins.tagsOf(l.getName()));
        return selected ? change.apply(l) : l;
      });
    }

    private Listener networkFilters(Listener l) {
      Listener.Builder b = l.toBuilder();
      for (int i = 0; i < b.getFilterChainsCount(); i++) {
        FilterChain chain = b.getFilterChains(i);
        List<Filter> filters = filters(chain.getFiltersList(), Filter::getName, Filter::newBuilder,
            (f, patched) -> f.toBuilder().setTypedConfig(patched).build(), Filter::getTypedConfig);
        b.setFilterChains(i, chain.toBuilder().clearFilters().addAllFilters(filters));
      }
      return b.build();
    }

    private FilterChain httpFiltersOfChain(FilterChain chain) {
      FilterChain.Builder b = chain.toBuilder();
      for (int i = 0; i < b.getFiltersCount(); i++) {
        Filter f = b.getFilters(i);
        if (!f.getTypedConfig().is(HttpConnectionManager.class)) continue;
        HttpConnectionManager hcm = unpack(f.getTypedConfig(), HttpConnectionManager.class);
        List<HttpFilter> httpFilters = filters(hcm.getHttpFiltersList(), HttpFilter::getName, HttpFilter::newBuilder,
            (h, patched) -> h.toBuilder().setTypedConfig(patched).build(), HttpFilter::getTypedConfig);
        hcm = hcm.toBuilder().clearHttpFilters().addAllHttpFilters(httpFilters).build();
        b.setFilters(i, f.toBuilder().setTypedConfig(Any.pack(hcm)));
      }
      return b.build();
    }

    /** A filter list with the operation applied; filters are matched by name, their typed configs patched. */
    private <F extends Message> List<F> filters(List<F> in, Function<F, String> name, Supplier<Message.Builder> builder,
        java.util.function.BiFunction<F, Any, F> withConfig, Function<F, Any> config) {
      List<F> list = new ArrayList<>(in);
      String matchName = match().name();
      int at = -1;
      for (int i = 0; i < list.size() && matchName != null; i++) {
        if (name.apply(list.get(i)).equals(matchName)) { at = i; break; }
      }
      switch (op()) {
        case "addfirst" -> list.add(0, value(builder));
        case "addlast" -> list.add(value(builder));
        case "addbefore" -> { if (at >= 0) list.add(at, value(builder)); }
        case "addafter" -> { if (at >= 0) list.add(at + 1, value(builder)); }
        case "remove" -> list.removeIf(f -> matchName == null || name.apply(f).equals(matchName));
        case "patch" -> list.replaceAll(f -> matchName == null || name.apply(f).equals(matchName)
            ? withConfig.apply(f, patchedConfig(config.apply(f), builder)) : f);
        default -> throw new IllegalArgumentException("invalid operation: " + mod.operation());
      }
      return list;
    }

    @SuppressWarnings("unchecked")
    private <F extends Message> F value(Supplier<Message.Builder> builder) {
      return (F) EnvoyYaml.parse(mod.value(), builder.get()).build();
    }

    /** A filter's typed config with the patch's typed config merged in, or the JSON patches applied. */
    private Any patchedConfig(Any current, Supplier<Message.Builder> builder) {
      if (mod.jsonPatches() != null && !mod.jsonPatches().isEmpty()) {
        JsonNode patched = JsonPatch.apply(Mappers.JSON.valueToTree(patchOps(mod.jsonPatches())), EnvoyYaml.toJson(current));
        return (Any) EnvoyYaml.fromJson(patched, Any.newBuilder()).build();
      }
      Message filter = EnvoyYaml.parse(mod.value(), builder.get()).build();
      Any patch = filter instanceof HttpFilter h ? h.getTypedConfig() : ((Filter) filter).getTypedConfig();
      return ProtoMerge.mergeAny(current, patch);
    }

    /** Add, Remove or Patch the virtual hosts of the route configurations (RDS) the match selects. */
    private void virtualHosts() {
      List<Message> list = out.resources(XdsTypes.ROUTE);
      list.replaceAll(m -> {
        RouteConfiguration rc = (RouteConfiguration) m;
        if (match().routeConfigurationName() != null && !match().routeConfigurationName().equals(rc.getName())) return rc;
        if (!originMatches(XdsTypes.ROUTE, rc.getName())) return rc;
        List<VirtualHost> hosts = new ArrayList<>(rc.getVirtualHostsList());
        Predicate<VirtualHost> named = h -> match().name() == null || match().name().equals(h.getName());
        switch (op()) {
          case "add" -> hosts.add((VirtualHost) EnvoyYaml.parse(mod.value(), VirtualHost.newBuilder()).build());
          case "remove" -> hosts.removeIf(named);
          case "patch" -> hosts.replaceAll(h -> named.test(h) ? patched(h, VirtualHost::newBuilder) : h);
          default -> throw new IllegalArgumentException("invalid operation: " + mod.operation());
        }
        return rc.toBuilder().clearVirtualHosts().addAllVirtualHosts(hosts).build();
      });
    }
  }

  private static boolean tagsMatch(Map<String, String> selector, Map<String, String> tags) {
    if (selector == null) return true;
    for (var e : selector.entrySet()) {
      String v = tags.get(e.getKey());
      if (v == null || (!"*".equals(e.getValue()) && !e.getValue().equals(v))) return false;
    }
    return true;
  }

  private static <T extends Message> T unpack(Any any, Class<T> type) {
    try {
      return any.unpack(type);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("unreadable " + type.getSimpleName(), e);
    }
  }
}
