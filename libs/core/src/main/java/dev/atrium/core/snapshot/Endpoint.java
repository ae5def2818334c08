package dev.atrium.core.snapshot;

import dev.atrium.core.model.Collect;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * One place a service can be reached: a ready Dataplane inbound carrying the service's tag, or another
 * zone's ZoneIngress that can reach instances of it there.
 *
 * @param address where other proxies reach the inbound: the inbound's own address, else the
 *     Dataplane's advertised address, else its networking address
 * @param port the inbound's port (the sidecar's listener, not the application's servicePort)
 * @param tags the inbound's tags, including kuma.io/service and kuma.io/protocol
 * @param dataplaneName the Dataplane the inbound belongs to (the ZoneIngress, for another zone's)
 * @param zone the other zone whose ingress this is; null for an inbound of this zone
 * @param weight its share of the service's load: 1 for an inbound, the instances behind it for an ingress
 */
public record Endpoint(String address, int port, Map<String, String> tags, String dataplaneName, String zone, int weight) {

  /** The order of every endpoint list: by Dataplane, then by port, then by address. */
  public static final Comparator<Endpoint> ORDER = Comparator.comparing(Endpoint::dataplaneName)
      .thenComparingInt(Endpoint::port)
      .thenComparing(Endpoint::address)
      .thenComparing(e -> e.tags().toString());

  public Endpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(dataplaneName, "dataplaneName");
    tags = Collect.map(tags);
    if (weight < 1) throw new IllegalArgumentException("endpoint weight must be at least 1, got " + weight);
  }

  /** A ready inbound of this zone. */
  public Endpoint(String address, int port, Map<String, String> tags, String dataplaneName) {
    this(address, port, tags, dataplaneName, null, 1);
  }

  /** Whether it is another zone's ingress rather than a proxy of this zone. */
  public boolean remote() {
    return zone != null;
  }

  /** The endpoint's kuma.io/protocol tag, or null when it has none. */
  public String protocol() {
    return tags.get(KumaTags.PROTOCOL);
  }
}
