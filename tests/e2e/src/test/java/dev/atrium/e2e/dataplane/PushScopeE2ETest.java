package dev.atrium.e2e.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.testing.process.DataplaneAgent;
import dev.atrium.testing.process.Ports;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A change to one service reaches only the proxies that route to it, and only as the xDS type that
 * changed: a new endpoint of service x is one EDS push to x's client, nothing to y's client.
 */
class PushScopeE2ETest extends WithControlPlane {

  @Test
  void newEndpointOfOneServiceIsPushedOnlyToItsClientsAndOnlyAsEds() {
    put("dataplanes", "x-1", sidecar("x-1", Ports.free(), Ports.free(), "x", "http"));
    put("dataplanes", "y-1", sidecar("y-1", Ports.free(), Ports.free(), "y", "http"));
    DataplaneAgent clientX = agent(client("client-x", "x"), Ports.free());
    agent(client("client-y", "y"), Ports.free());
    assertThat(Traffic.eventually(Duration.ofSeconds(10), () -> clientX.admin().clusterHosts("x").size() == 1)).isTrue();

    long pushesX = ProxyStatusClient.pushes(xds.url(), "client-x");
    long pushesY = ProxyStatusClient.pushes(xds.url(), "client-y");
    long edsX = ProxyStatusClient.sent(xds.url(), "client-x", "ClusterLoadAssignment");
    long ldsX = ProxyStatusClient.sent(xds.url(), "client-x", "Listener");
    long cdsX = ProxyStatusClient.sent(xds.url(), "client-x", "Cluster");

    put("dataplanes", "x-2", sidecar("x-2", Ports.free(), Ports.free(), "x", "http"));
    assertThat(Traffic.eventually(Duration.ofSeconds(5), () -> clientX.admin().clusterHosts("x").size() == 2))
        .as("client-x's Envoy gets the new endpoint").isTrue();

    assertThat(ProxyStatusClient.pushes(xds.url(), "client-x")).isEqualTo(pushesX + 1);
    assertThat(ProxyStatusClient.sent(xds.url(), "client-x", "ClusterLoadAssignment")).isEqualTo(edsX + 1);
    assertThat(ProxyStatusClient.sent(xds.url(), "client-x", "Listener")).as("LDS not re-sent").isEqualTo(ldsX);
    assertThat(ProxyStatusClient.sent(xds.url(), "client-x", "Cluster")).as("CDS not re-sent").isEqualTo(cdsX);
    assertThat(ProxyStatusClient.pushes(xds.url(), "client-y")).as("client-y untouched").isEqualTo(pushesY);
  }

  private static String client(String name, String service) {
    return sidecar(name, Ports.free(), Ports.free(), name, "http") + """
          outbound:
            - port: %d
              tags:
                kuma.io/service: %s
        """.formatted(Ports.free(), service);
  }
}
