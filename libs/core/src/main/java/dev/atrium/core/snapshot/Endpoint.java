package dev.atrium.core.snapshot;

import dev.atrium.core.model.Collect;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * One place a service can be reached: a ready Dataplane inbound carrying the service's tag.
 *
 * @param address where other proxies reach the inbound: the inbound's own address, else the
 *     Dataplane's advertised address, else its networking address
 * @param port the inbound's port (the sidecar's listener, not the application's servicePort)
 * @param tags the inbound's tags, including kuma.io/service and kuma.io/protocol
 * @param dataplaneName the Dataplane the inbound belongs to
 */
public record Endpoint(String address, int port, Map<String, String> tags, String dataplaneName) {

  /** The order of every endpoint list: by Dataplane, then by port, then by address. */
  public static final Comparator<Endpoint> ORDER = Comparator.comparing(Endpoint::dataplaneName)
      .thenComparingInt(Endpoint::port)
      .thenComparing(Endpoint::address);

  public Endpoint {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(dataplaneName, "dataplaneName");
    tags = Collect.map(tags);
  }

  /** The endpoint's kuma.io/protocol tag, or null when it has none. */
  public String protocol() {
    return tags.get(KumaTags.PROTOCOL);
  }
}
