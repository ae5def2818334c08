package dev.atrium.core.multizone;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.zoneingress.ZoneIngressSpec;
import dev.atrium.core.model.ResourceMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What global keeps of a zone's resources, as Kuma 2.14's KDS sends them (zone → global): the zone's
 * proxies and their insights, under Kuma's hashed name — the original, the zone and any Kubernetes
 * namespace hashed, so two zones' {@code web-1} never meet —, with {@code kuma.io/zone},
 * {@code kuma.io/origin: zone} and the original in {@code kuma.io/display-name}. A Dataplane (a ZoneIngress)
 * and its insight hash the same values, so the copy of an insight finds the copy of its proxy.
 */
public final class ZoneCopies {
  private ZoneCopies() {}

  /**
   * The kinds a zone sends to global, proxies before their insights: what only zones write, and the kinds
   * both sides write (MeshGateway, routes, targetRef policies) when made in the zone (Kuma's
   * {@code kuma.io/origin: zone}) — not mesh Secrets, which stay in the zone that made them.
   */
  public static final List<ResourceKind> KINDS = kinds();

  private static List<ResourceKind> kinds() {
    List<ResourceKind> out = new ArrayList<>(List.of(ResourceKind.DATAPLANE, ResourceKind.DATAPLANE_INSIGHT,
        ResourceKind.ZONE_INGRESS, ResourceKind.ZONE_INGRESS_INSIGHT));
    for (ResourceKind k : ResourceKind.values()) {
      if (KindOwnership.of(k) == KindOwnership.BOTH && k != ResourceKind.SECRET) out.add(k);
    }
    return List.copyOf(out);
  }

  /**
   * Whether {@code r}, stored in the zone {@code zone}, goes to global: a proxy, an insight or this zone's
   * ZoneIngress (not another zone's, copied here from global); a gateway, route or policy only when made
   * in this zone, never a copy of global's.
   */
  public static boolean sentToGlobal(Resource r, String zone) {
    if (!KINDS.contains(r.kind())) return false;
    if (r.kind() == ResourceKind.ZONE_INGRESS) return !GlobalCopies.isOtherZones(r, zone);
    if (KindOwnership.of(r.kind()) == KindOwnership.ZONE) return true;
    return "zone".equals(r.meta().labels().get(WriteRules.ORIGIN_LABEL));
  }

  /**
   * Global's name for {@code zone}'s {@code mesh}/{@code name} with {@code labels}: Kuma hashes the display
   * name — on a Kubernetes zone the object's name ({@code web-0}), not the store's {@code web-0.demo} — with
   * the zone and the namespace, so the copy reads {@code web-0-<hash>} as on Kuma's global.
   */
  public static String nameOnGlobal(String zone, String mesh, String name, Map<String, String> labels) {
    List<String> values = new ArrayList<>(List.of(zone));
    String namespace = labels.get(GlobalCopies.NAMESPACE_LABEL);
    if (namespace != null) values.add(namespace);
    return SyncedNames.hashed(mesh == null ? "" : mesh, displayName(name, labels), values.toArray(String[]::new));
  }

  private static String displayName(String name, Map<String, String> labels) {
    String display = labels.get(SyncedNames.DISPLAY_NAME_LABEL);
    return display == null || display.isEmpty() ? name : display;
  }

  /** Global's copy of {@code r}, a resource of {@code zone}. */
  public static Resource toGlobal(Resource r, String zone) {
    Map<String, String> labels = new TreeMap<>(r.meta().labels());
    labels.put(GlobalCopies.ZONE_LABEL, zone);
    labels.put(WriteRules.ORIGIN_LABEL, "zone");
    labels.put(SyncedNames.DISPLAY_NAME_LABEL, displayName(r.name(), r.meta().labels()));
    String name = nameOnGlobal(zone, r.mesh(), r.name(), r.meta().labels());
    // A ZoneIngress says which zone it serves once it leaves it (Kuma's global sets the field too).
    ResourceSpec spec = r.kind() == ResourceKind.ZONE_INGRESS ? r.specAs(ZoneIngressSpec.class).withZone(zone) : r.spec();
    return new Resource(r.kind(), new ResourceMeta(r.mesh(), name, labels, null, null, 0), spec);
  }

  /** Whether {@code copy}, stored on global, is {@code zone}'s. */
  public static boolean fromZone(Resource copy, String zone) {
    Map<String, String> labels = copy.meta().labels();
    return zone.equals(labels.get(GlobalCopies.ZONE_LABEL)) && "zone".equals(labels.get(WriteRules.ORIGIN_LABEL));
  }
}
