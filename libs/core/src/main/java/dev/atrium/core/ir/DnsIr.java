package dev.atrium.core.ir;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The DNS a transparently proxied application gets from its proxy: a UDP listener that answers the
 * {@code .mesh} names of the services it has VIP outbounds for, and passes every other name on to the
 * resolvers of the proxy's host.
 *
 * @param address where it listens (loopback: only the pod's own redirected queries reach it)
 * @param port Kuma's Envoy DNS port, 15054: kuma-dp's CoreDNS forwards {@code .mesh} there, and a
 *     DNS redirect (kuma-init's {@code --redirect-dns-port 15054}) can send queries there directly
 * @param records name → VIP, sorted
 */
public record DnsIr(String address, int port, Map<String, String> records) {
  public static final String ADDRESS = "127.0.0.1";
  public static final int PORT = 15054;
  /** Kuma's TTL for its DNS records. */
  public static final int TTL_SECONDS = 30;

  public DnsIr {
    Objects.requireNonNull(address, "address");
    records = java.util.Collections.unmodifiableMap(new TreeMap<>(records));
  }
}
