package dev.atrium.security.token;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a dataplane token binds a proxy to (Kuma's claims {@code Name, Mesh, Tags, Type, Workload}):
 * every claim that is not empty must match the proxy. A token for a mesh only fits every proxy of the
 * mesh; one with {@code kuma.io/service} values fits every instance of those services.
 */
public record DataplaneTokenClaims(String name, String mesh, Map<String, List<String>> tags, String type, String workload) {
  public DataplaneTokenClaims {
    name = name == null ? "" : name;
    mesh = mesh == null ? "" : mesh;
    tags = tags == null ? Map.of() : Map.copyOf(new TreeMap<>(tags));
    type = type == null ? "" : type;
    workload = workload == null ? "" : workload;
  }

  /**
   * Why this token does not fit the proxy, in Kuma's words (null when it fits). {@code proxyTags}: every
   * tag value of the Dataplane (inbounds, or the gateway's tags); {@code proxyType}: {@code dataplane},
   * {@code ingress} or {@code egress}; {@code workloadLabel}: the {@code kuma.io/workload} label or null.
   */
  public String mismatch(String proxyName, String proxyMesh, Map<String, Set<String>> proxyTags, String proxyType,
      String workloadLabel) {
    if (!name.isEmpty() && !name.equals(proxyName)) {
      return "proxy name from requestor: " + proxyName + " is different than in token: " + name;
    }
    if (!mesh.isEmpty() && !mesh.equals(proxyMesh)) {
      return "proxy mesh from requestor: " + proxyMesh + " is different than in token: " + mesh;
    }
    if (!type.isEmpty() && !type.equals(proxyType)) {
      return "proxy type from requestor: " + proxyType + " is different than in token: " + type;
    }
    for (Map.Entry<String, List<String>> tag : tags.entrySet()) {
      Set<String> values = proxyTags.get(tag.getKey());
      if (values == null || values.isEmpty()) return "dataplane has no tag \"" + tag.getKey() + "\" required by the token";
      for (String value : new java.util.TreeSet<>(values)) {
        if (!tag.getValue().contains(value)) {
          return "dataplane contains tag \"" + tag.getKey() + "\" with value \"" + value
              + "\" which is not allowed with this token. Allowed values in token are " + quoted(tag.getValue());
        }
      }
    }
    if (!workload.isEmpty()) {
      if (workloadLabel == null) return "dataplane has no workload label required by the token";
      if (!workload.equals(workloadLabel)) {
        return "dataplane workload \"" + workloadLabel + "\" is not allowed with this token. Allowed workload in token is \""
            + workload + "\"";
      }
    }
    return null;
  }

  private static String quoted(List<String> values) {
    return values.stream().sorted().map(v -> "\"" + v + "\"").collect(java.util.stream.Collectors.joining(" ", "[", "]"));
  }

  /** Claims with their token's id and lifetime, as verified. */
  public record Verified(DataplaneTokenClaims claims, String id, Instant expiresAt) {}
}
