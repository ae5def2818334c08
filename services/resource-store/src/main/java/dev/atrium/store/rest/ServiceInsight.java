package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kuma's ServiceInsight entries ({@code api/mesh/v1alpha1/service_insight.proto}, served by
 * {@code GET /meshes/{mesh}/service-insights} for {@code kumactl inspect services}): one per
 * {@code kuma.io/service} of the mesh's inbounds and gateways, with its proxies online and offline and
 * a status, counted as Kuma's insight resyncer counts them — a partially degraded proxy counts as
 * offline; a service is online when all its proxies are, offline when none is. Computed on request.
 * Atrium has no ExternalServices and no mesh DNS, so there is no {@code external} type and no
 * {@code addressPort}.
 */
final class ServiceInsight {
  private ServiceInsight() {}

  static final String TYPE = "ServiceInsight";

  private static final class Service {
    String type = "internal";
    long online;
    long offline;
    final Map<String, Long> issuedBackends = new TreeMap<>();
    Instant created;
    Instant modified;
  }

  /** The mesh's services by name, each rendered as a list item. */
  static Map<String, ObjectNode> of(String mesh, List<Resource> dataplanes, Map<String, Resource> insights) {
    Map<String, Service> services = new TreeMap<>();
    for (Resource dp : dataplanes) {
      DataplaneSpec spec = dp.specAs(DataplaneSpec.class);
      if (spec.networking() == null) continue;
      Resource insightResource = insights.get(dp.name());
      DataplaneInsightSpec insight = insightResource == null ? null : insightResource.specAs(DataplaneInsightSpec.class);
      MeshInsight.Status status = MeshInsight.status(spec, insight);
      String backend = insight == null || insight.mTLS() == null ? "" : insight.mTLS().path("issuedBackend").asText("");
      if (spec.networking().gateway() != null) {
        String type = spec.isBuiltinGateway() ? "gateway_builtin" : "gateway_delegated";
        count(services, spec.networking().gateway().tags().get("kuma.io/service"), type, status, backend, dp);
        continue;
      }
      for (Inbound in : spec.networking().inbound()) {
        if (in.state() == Inbound.State.Ignored) continue;
        count(services, in.tags().get("kuma.io/service"), "internal", status, backend, dp);
      }
    }
    Map<String, ObjectNode> out = new TreeMap<>();
    services.forEach((name, s) -> out.put(name, render(mesh, name, s)));
    return out;
  }

  private static void count(Map<String, Service> services, String name, String type, MeshInsight.Status status,
      String backend, Resource dp) {
    if (name == null || name.isEmpty()) return;
    Service s = services.computeIfAbsent(name, n -> new Service());
    s.type = type;
    if (status == MeshInsight.Status.ONLINE) s.online++; else s.offline++;
    if (!backend.isEmpty()) s.issuedBackends.merge(backend, 1L, Long::sum);
    if (s.created == null || (dp.meta().creationTime() != null && dp.meta().creationTime().isBefore(s.created))) {
      s.created = dp.meta().creationTime();
    }
    if (s.modified == null || (dp.meta().modificationTime() != null && dp.meta().modificationTime().isAfter(s.modified))) {
      s.modified = dp.meta().modificationTime();
    }
  }

  private static ObjectNode render(String mesh, String name, Service s) {
    ObjectNode o = Mappers.JSON.createObjectNode();
    o.put("type", TYPE);
    o.put("mesh", mesh);
    o.put("name", name);
    if (s.created != null) o.put("creationTime", s.created.toString());
    if (s.modified != null) o.put("modificationTime", s.modified.toString());
    o.put("status", s.online == 0 ? "offline" : s.offline == 0 ? "online" : "partially_degraded");
    ObjectNode dataplanes = o.putObject("dataplanes");
    dataplanes.put("total", s.online + s.offline);
    if (s.online != 0) dataplanes.put("online", s.online);
    if (s.offline != 0) dataplanes.put("offline", s.offline);
    if (!s.issuedBackends.isEmpty()) {
      ObjectNode issued = o.putObject("issuedBackends");
      s.issuedBackends.forEach(issued::put);
    }
    if (!"internal".equals(s.type)) o.put("serviceType", s.type);
    return o;
  }
}
