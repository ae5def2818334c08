package dev.atrium.store.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.Inbound;
import dev.atrium.core.model.insight.DataplaneInsightSpec;
import dev.atrium.core.model.insight.DataplaneInsightSpec.Subscription;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Kuma's MeshInsight ({@code api/mesh/v1alpha1/mesh_insight.proto}) of one mesh, computed on request
 * from what is stored, with the counting rules of Kuma's insight resyncer: a proxy is Online when a
 * subscription is connected and it has a ready inbound (a gateway: when connected), Partially degraded
 * when some inbounds are not ready; versions and mTLS backends come from the newest subscription and
 * the insight's mTLS. Rendered as Go's jsonpb renders it: zero numbers and empty maps left out, the
 * sub-messages Kuma always sets present (as {@code {}} when all zero). Kuma recomputes this in the
 * background every few seconds; computing it per request is exact and cheap at Atrium's sizes.
 */
final class MeshInsight {
  private MeshInsight() {}

  static final String TYPE = "MeshInsight";

  /** Kuma's policy kinds among Atrium's (descriptor IsPolicy): counted under the legacy "policies" too. */
  private static final Set<ResourceKind> POLICIES =
      EnumSet.of(ResourceKind.MESH_GATEWAY_ROUTE, ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE);

  enum Status { ONLINE, PARTIALLY_DEGRADED, OFFLINE }

  /** One DataplaneStat: total, online, offline, partiallyDegraded. */
  static final class Stat {
    long total;
    long online;
    long offline;
    long partiallyDegraded;

    void add(Status s) {
      total++;
      switch (s) {
        case ONLINE -> online++;
        case OFFLINE -> offline++;
        case PARTIALLY_DEGRADED -> partiallyDegraded++;
      }
    }

    ObjectNode json() {
      ObjectNode o = Mappers.JSON.createObjectNode();
      if (total != 0) o.put("total", total);
      if (online != 0) o.put("online", online);
      if (offline != 0) o.put("offline", offline);
      if (partiallyDegraded != 0) o.put("partiallyDegraded", partiallyDegraded);
      return o;
    }
  }

  /**
   * @param mesh the Mesh resource
   * @param dataplanes the mesh's Dataplanes
   * @param insights the mesh's DataplaneInsights by name
   * @param counts how many resources of each mesh-scoped kind the mesh holds (insights excluded)
   */
  static ObjectNode render(Resource mesh, List<Resource> dataplanes, Map<String, Resource> insights,
      Map<ResourceKind, Integer> counts) {
    Stat all = new Stat();
    Stat standard = new Stat();
    Stat builtin = new Stat();
    Stat delegated = new Stat();
    Map<String, Stat> kumaDp = new TreeMap<>();
    Map<String, Stat> envoy = new TreeMap<>();
    Map<String, Stat> issued = new TreeMap<>();
    Map<String, Stat> supported = new TreeMap<>();
    Set<String> services = new TreeSet<>();
    Instant modified = mesh.meta().modificationTime();

    for (Resource dp : dataplanes) {
      DataplaneSpec spec = dp.specAs(DataplaneSpec.class);
      Resource insightResource = insights.get(dp.name());
      DataplaneInsightSpec insight = insightResource == null ? null : insightResource.specAs(DataplaneInsightSpec.class);
      Status status = status(spec, insight);
      all.add(status);
      (!spec.isGateway() ? standard : spec.isBuiltinGateway() ? builtin : delegated).add(status);
      Subscription latest = insight == null ? null : insight.latest().orElse(null);
      kumaDp.computeIfAbsent(orUnknown(latest == null || latest.version() == null || latest.version().kumaDp() == null
          ? null : latest.version().kumaDp().version()), v -> new Stat()).add(status);
      envoy.computeIfAbsent(orUnknown(latest == null || latest.version() == null || latest.version().envoy() == null
          ? null : latest.version().envoy().version()), v -> new Stat()).add(status);
      if (insight != null && insight.mTLS() != null && insight.mTLS().isObject()) {
        JsonNode mtls = insight.mTLS();
        issued.computeIfAbsent(mtls.path("issuedBackend").asText(""), b -> new Stat()).add(status);
        mtls.path("supportedBackends").forEach(b -> supported.computeIfAbsent(b.asText(), x -> new Stat()).add(status));
      }
      services.addAll(servicesOf(spec));
      modified = later(modified, dp.meta().modificationTime());
      if (insightResource != null) modified = later(modified, insightResource.meta().modificationTime());
    }

    ObjectNode out = Mappers.JSON.createObjectNode();
    out.put("type", TYPE);
    out.put("name", mesh.name());
    if (mesh.meta().creationTime() != null) out.put("creationTime", mesh.meta().creationTime().toString());
    if (modified != null) out.put("modificationTime", modified.toString());
    out.set("dataplanes", all.json());
    ObjectNode policies = out.putObject("policies");
    // Kuma's resyncer sets a version's total to online + offline, leaving partially degraded proxies out.
    kumaDp.values().forEach(v -> v.total = v.online + v.offline);
    envoy.values().forEach(v -> v.total = v.online + v.offline);
    ObjectNode versions = out.putObject("dpVersions");
    putStats(versions, "kumaDp", kumaDp);
    putStats(versions, "envoy", envoy);
    ObjectNode mtls = out.putObject("mTLS");
    putStats(mtls, "issuedBackends", issued);
    putStats(mtls, "supportedBackends", supported);
    ObjectNode serviceStat = out.putObject("services");
    if (!services.isEmpty()) serviceStat.put("total", services.size()).put("internal", services.size());
    ObjectNode byType = out.putObject("dataplanesByType");
    byType.set("standard", standard.json());
    Stat gateway = new Stat();
    for (Stat s : List.of(builtin, delegated)) {
      gateway.total += s.total;
      gateway.online += s.online;
      gateway.offline += s.offline;
      gateway.partiallyDegraded += s.partiallyDegraded;
    }
    byType.set("gateway", gateway.json());
    byType.set("gatewayBuiltin", builtin.json());
    byType.set("gatewayDelegated", delegated.json());
    ObjectNode resources = out.putObject("resources");
    new TreeMap<>(byTypeName(counts)).forEach((type, n) -> {
      if (n == 0) return;
      resources.putObject(type).put("total", n);
      if (POLICIES.contains(ResourceKind.byTypeName(type).orElseThrow())) policies.putObject(type).put("total", n);
    });
    if (policies.isEmpty()) out.remove("policies");
    if (resources.isEmpty()) out.remove("resources");
    return out;
  }

  /** Kuma's DataplaneOverview status. */
  static Status status(DataplaneSpec spec, DataplaneInsightSpec insight) {
    boolean online = insight != null && insight.online();
    if (spec.isGateway()) return online ? Status.ONLINE : Status.OFFLINE;
    List<Inbound> inbounds = spec.networking() == null ? List.of() : spec.networking().inbound();
    long ready = inbounds.stream().filter(MeshInsight::ready).count();
    if (!online || ready == 0) return Status.OFFLINE;
    return ready < inbounds.size() ? Status.PARTIALLY_DEGRADED : Status.ONLINE;
  }

  private static boolean ready(Inbound in) {
    boolean unhealthy = in.health() != null && Boolean.FALSE.equals(in.health().ready());
    return !unhealthy && in.state() != Inbound.State.NotReady;
  }

  /** Services the proxy offers: its gateway's, and those of its inbounds that are not ignored. */
  private static Set<String> servicesOf(DataplaneSpec spec) {
    Set<String> out = new TreeSet<>();
    if (spec.networking() == null) return out;
    if (spec.networking().gateway() != null) {
      String svc = spec.networking().gateway().tags().get("kuma.io/service");
      if (svc != null && !svc.isEmpty()) out.add(svc);
    }
    for (Inbound in : spec.networking().inbound()) {
      if (in.state() == Inbound.State.Ignored) continue;
      String svc = in.tags().get("kuma.io/service");
      if (svc != null && !svc.isEmpty()) out.add(svc);
    }
    return out;
  }

  private static void putStats(ObjectNode parent, String field, Map<String, Stat> stats) {
    if (stats.isEmpty()) return;
    ObjectNode o = parent.putObject(field);
    stats.forEach((k, s) -> o.set(k, s.json()));
  }

  private static Map<String, Integer> byTypeName(Map<ResourceKind, Integer> counts) {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((k, n) -> out.put(k.typeName(), n));
    return out;
  }

  private static String orUnknown(String version) {
    return version == null || version.isEmpty() ? "unknown" : version;
  }

  private static Instant later(Instant a, Instant b) {
    if (a == null) return b;
    return b == null || a.isAfter(b) ? a : b;
  }
}
