package dev.atrium.core.dns;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.externalservice.ExternalServiceSpec;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A virtual IP per service of a mesh, in Kuma's range 240.0.0.0/4, and its {@code .mesh} names.
 *
 * <p>Kuma allocates VIPs and persists the table (a Config per mesh on global). Atrium derives each VIP
 * from the mesh and service names instead (FNV-1a, 64 bits, over {@code mesh/service}, into the 2²⁸ − 2
 * usable addresses), so every zone and every replica computes the same table from the same services,
 * with nothing stored and nothing to sync (ADR 0021). Two services landing on one address (about one
 * chance in 270,000 for two services; 0.2 % for a mesh of 1000) are resolved in name order: the later one
 * takes the next free address — its VIP then depends on the other existing, which is why the collision
 * rate is kept negligible rather than zero.
 *
 * <p>Names, as Kuma's: {@code <service>.mesh}, and for a service with {@code _} (Kubernetes'
 * {@code echo_default_svc_80}) also the form with dots ({@code echo.default.svc.80.mesh}).
 */
public final class ServiceVips {
  /** 240.0.0.0: the first address of the range. */
  private static final long BASE = 240L << 24;
  /** Addresses 240.0.0.1 … 255.255.255.254: the network and broadcast ends left out. */
  private static final long SIZE = (1L << 28) - 2;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** The port every VIP also listens on, whatever its service's ports (Kuma's {@code serviceVipPort}). */
  public static final int VIP_PORT = 80;

  private ServiceVips() {}

  /** Every service of {@code mesh} with its VIP, in service-name order. Computed once per snapshot. */
  public static Map<String, String> of(MeshSnapshot mesh) {
    return mesh.derived(ServiceVips.class, () -> compute(mesh.name(), services(mesh)));
  }

  /** The VIPs of {@code services} in {@code mesh}. */
  static Map<String, String> compute(String mesh, Set<String> services) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<Long> taken = new HashSet<>();
    for (String service : new TreeSet<>(services)) {
      long offset = Long.remainderUnsigned(fnv1a(mesh + "/" + service), SIZE);
      while (!taken.add(offset)) offset = (offset + 1) % SIZE;
      out.put(service, address(BASE + 1 + offset));
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@code echo.mesh}, and {@code echo.default.svc.80.mesh} for {@code echo_default_svc_80}. */
  public static List<String> hostnames(String service) {
    String plain = service + ".mesh";
    if (!service.contains("_")) return List.of(plain);
    return List.of(plain, service.replace('_', '.') + ".mesh");
  }

  /** The services that get a VIP: those with endpoints here or in other zones, and ExternalServices. */
  private static Set<String> services(MeshSnapshot mesh) {
    Set<String> services = new TreeSet<>(mesh.servicesWithEndpoints());
    mesh.all(ResourceKind.EXTERNAL_SERVICE).forEach(es -> {
      String service = es.specAs(ExternalServiceSpec.class).tags().get(KumaTags.SERVICE);
      if (service != null) services.add(service);
    });
    return services;
  }

  private static long fnv1a(String s) {
    long hash = FNV_OFFSET;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= (b & 0xff);
      hash *= FNV_PRIME;
    }
    return hash;
  }

  private static String address(long ip) {
    return ((ip >> 24) & 0xff) + "." + ((ip >> 16) & 0xff) + "." + ((ip >> 8) & 0xff) + "." + (ip & 0xff);
  }
}
