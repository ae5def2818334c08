package dev.atrium.core.multizone;

import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.ResourceMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a zone keeps of global's resources, as Kuma 2.14's KDS sends them (global → zone): every kind
 * global provides, except what a zone made itself ({@code kuma.io/origin: zone}, already there) and
 * GlobalSecrets (each control plane keeps its own user-token key and admin token; the zone-token key
 * is the sync's own business). Meshes and mesh Secrets keep their names — a CA's or a signing key's
 * name is what proxies and tokens refer to —, everything else takes Kuma's hashed name with the
 * original in {@code kuma.io/display-name}; every copy says {@code kuma.io/origin: global}.
 */
public final class GlobalCopies {
  private GlobalCopies() {}

  public static final String ZONE_LABEL = "kuma.io/zone";
  public static final String NAMESPACE_LABEL = "k8s.kuma.io/namespace";

  /**
   * Global's kinds that stay on global: GlobalSecrets (each control plane keeps its own user-token key
   * and admin token) and global's record of its zones (a zone does not get Zones or ZoneInsights, as in
   * Kuma, where each control plane manages its Zone objects itself).
   */
  private static final java.util.Set<ResourceKind> NOT_SENT =
      java.util.EnumSet.of(ResourceKind.GLOBAL_SECRET, ResourceKind.ZONE, ResourceKind.ZONE_INSIGHT);

  /**
   * The kinds a zone follows on global, Meshes first (a mesh's resources need their Mesh): what global
   * provides, and ZoneIngresses — a zone's, sent on to the others (Kuma's SyncedAcrossZones), is how zones
   * learn where the others can be reached.
   */
  public static final List<ResourceKind> KINDS = kinds();

  private static List<ResourceKind> kinds() {
    List<ResourceKind> out = new ArrayList<>(List.of(ResourceKind.MESH, ResourceKind.SECRET));
    for (ResourceKind k : ResourceKind.values()) {
      if (!out.contains(k) && KindOwnership.of(k).providedByGlobal() && !NOT_SENT.contains(k)) out.add(k);
    }
    out.add(ResourceKind.ZONE_INGRESS);
    return List.copyOf(out);
  }

  /**
   * Whether {@code r}, stored on global, belongs on the zone {@code zone}: global's own resources, not
   * what a zone made ({@code kuma.io/origin: zone}, already there); and the ZoneIngresses of the other
   * zones.
   */
  public static boolean sentTo(Resource r, String zone) {
    if (!KINDS.contains(r.kind())) return false;
    String origin = r.meta().labels().get(WriteRules.ORIGIN_LABEL);
    if (r.kind() == ResourceKind.ZONE_INGRESS) return isOtherZones(r, zone);
    return !"zone".equals(origin);
  }

  /** Whether {@code r}, stored in the zone {@code zone}, is a copy of another zone's ZoneIngress. */
  public static boolean isOtherZones(Resource r, String zone) {
    String from = r.meta().labels().get(ZONE_LABEL);
    return r.kind() == ResourceKind.ZONE_INGRESS && from != null && !from.equals(zone);
  }

  /** The zone's name for global's {@code kind}/{@code mesh}/{@code name} with {@code labels}. */
  public static String nameInZone(ResourceKind kind, String mesh, String name, Map<String, String> labels) {
    if (kind == ResourceKind.MESH || kind == ResourceKind.SECRET) return name;
    List<String> values = new ArrayList<>();
    for (String label : List.of(ZONE_LABEL, NAMESPACE_LABEL)) {
      String v = labels.get(label);
      if (v != null) values.add(v);
    }
    return SyncedNames.hashed(mesh == null ? "" : mesh, name, values.toArray(String[]::new));
  }

  /**
   * The zone's copy of {@code r}: its name there, {@code kuma.io/origin: global}, the display name. Another
   * zone's ZoneIngress comes as global holds it: already named and labelled by its zone.
   */
  public static Resource toZone(Resource r) {
    if (r.kind() == ResourceKind.ZONE_INGRESS) return r;
    Map<String, String> labels = new TreeMap<>(r.meta().labels());
    labels.put(WriteRules.ORIGIN_LABEL, "global");
    String name = nameInZone(r.kind(), r.mesh(), r.name(), r.meta().labels());
    if (!name.equals(r.name())) labels.put(SyncedNames.DISPLAY_NAME_LABEL, r.name());
    return new Resource(r.kind(), new ResourceMeta(r.mesh(), name, labels, null, null, 0), r.spec());
  }
}
