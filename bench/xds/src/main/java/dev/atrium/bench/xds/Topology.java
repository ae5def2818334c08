package dev.atrium.bench.xds;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The simulated mesh: N sidecars {@code dp-0..dp-(N-1)} over S = N/10 HTTP services
 * {@code svc-0..svc-(S-1)}. Proxy i offers {@code svc-(i mod S)} on one inbound and has outbounds to
 * the next two services, {@code svc-(i+1 mod S)} and {@code svc-(i+2 mod S)}. So every service has 10
 * endpoints and 20 users: a change to one service's endpoints concerns exactly 20 proxies (20% of
 * them at N = 100, 2% at N = 1000), and the other proxies must hear nothing.
 *
 * <p>Every address is 127.0.0.1 and every port is distinct; nothing listens on them, the
 * xds-server only turns them into config.
 */
record Topology(int proxies, int services) {
  static final int PROXIES_PER_SERVICE = 10;
  static final int OUTBOUNDS = 2;
  private static final int INBOUND_PORT = 20_000;
  private static final int APP_PORT = 30_000;
  private static final int OUTBOUND_PORT = 40_000;
  private static final int NEW_INBOUND_PORT = 25_000;

  static Topology of(int proxies) {
    if (proxies < PROXIES_PER_SERVICE * (OUTBOUNDS + 1) || proxies % PROXIES_PER_SERVICE != 0) {
      throw new IllegalArgumentException("N must be a multiple of " + PROXIES_PER_SERVICE + " and at least "
          + PROXIES_PER_SERVICE * (OUTBOUNDS + 1) + ": " + proxies);
    }
    return new Topology(proxies, proxies / PROXIES_PER_SERVICE);
  }

  static String proxyName(int i) {
    return "dp-" + i;
  }

  static String service(int s) {
    return "svc-" + s;
  }

  int offeredBy(int proxy) {
    return proxy % services;
  }

  List<Integer> outboundsOf(int proxy) {
    List<Integer> out = new ArrayList<>();
    for (int k = 1; k <= OUTBOUNDS; k++) out.add((proxy + k) % services);
    return out;
  }

  /** The proxies with an outbound to {@code service}: the only ones whose config a new endpoint of it changes. */
  Set<Integer> usersOf(int service) {
    Set<Integer> users = new TreeSet<>();
    for (int i = 0; i < proxies; i++) {
      if (outboundsOf(i).contains(service)) users.add(i);
    }
    return users;
  }

  /** The service the c-th change adds an endpoint to: round robin over the services. */
  int serviceOfChange(int change) {
    return change % services;
  }

  /** Inbound port of the c-th new Dataplane: what the affected proxies look for in their EDS. */
  static int newEndpointPort(int change) {
    return NEW_INBOUND_PORT + change;
  }

  static String newProxyName(int change) {
    return "new-" + change;
  }

  /** Universal JSON of proxy i, as a user would PUT it. */
  String dataplaneJson(int i) {
    StringBuilder outbound = new StringBuilder();
    for (int s : outboundsOf(i)) {
      if (outbound.length() > 0) outbound.append(',');
      outbound.append("{\"port\":").append(OUTBOUND_PORT + s)
          .append(",\"tags\":{\"kuma.io/service\":\"").append(service(s)).append("\"}}");
    }
    return dataplane(proxyName(i), INBOUND_PORT + i, APP_PORT + i, offeredBy(i), outbound.toString());
  }

  /** The c-th change: a new Dataplane offering an existing service, with no outbound of its own. */
  String newDataplaneJson(int change) {
    return dataplane(newProxyName(change), newEndpointPort(change), APP_PORT + proxies + change,
        serviceOfChange(change), "");
  }

  private static String dataplane(String name, int port, int appPort, int service, String outbounds) {
    return "{\"type\":\"Dataplane\",\"mesh\":\"default\",\"name\":\"" + name + "\","
        + "\"networking\":{\"address\":\"127.0.0.1\","
        + "\"inbound\":[{\"port\":" + port + ",\"servicePort\":" + appPort + ",\"tags\":{\"kuma.io/service\":\""
        + service(service) + "\",\"kuma.io/protocol\":\"http\"}}],"
        + "\"outbound\":[" + outbounds + "]}}";
  }

  String describe() {
    return proxies + " sidecars over " + services + " HTTP services; each proxy: 1 inbound (its service, "
        + PROXIES_PER_SERVICE + " endpoints per service) and " + OUTBOUNDS + " outbounds (to the next "
        + OUTBOUNDS + " services), so " + PROXIES_PER_SERVICE * OUTBOUNDS + " proxies use each service";
  }
}
