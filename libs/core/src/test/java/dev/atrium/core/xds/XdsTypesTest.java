package dev.atrium.core.xds;

import static org.assertj.core.api.Assertions.assertThat;

import io.envoyproxy.controlplane.cache.Resources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import org.junit.jupiter.api.Test;

/** The xds-server hands these lists to java-control-plane's cache: the type URLs must be its own. */
class XdsTypesTest {

  @Test
  void typeUrlsAreJavaControlPlanes() {
    assertThat(XdsTypes.LISTENER).isEqualTo(Resources.V3.LISTENER_TYPE_URL);
    assertThat(XdsTypes.ROUTE).isEqualTo(Resources.V3.ROUTE_TYPE_URL);
    assertThat(XdsTypes.CLUSTER).isEqualTo(Resources.V3.CLUSTER_TYPE_URL);
    assertThat(XdsTypes.ENDPOINT).isEqualTo(Resources.V3.ENDPOINT_TYPE_URL);
    assertThat(XdsTypes.SECRET).isEqualTo(Resources.V3.SECRET_TYPE_URL);
  }

  @Test
  void typeUrlAndNameOfEachResource() {
    assertThat(XdsTypes.typeUrlOf(Listener.newBuilder().setName("l").build())).isEqualTo(XdsTypes.LISTENER);
    assertThat(XdsTypes.typeUrlOf(RouteConfiguration.getDefaultInstance())).isEqualTo(XdsTypes.ROUTE);
    assertThat(XdsTypes.typeUrlOf(Cluster.getDefaultInstance())).isEqualTo(XdsTypes.CLUSTER);
    assertThat(XdsTypes.typeUrlOf(ClusterLoadAssignment.getDefaultInstance())).isEqualTo(XdsTypes.ENDPOINT);
    assertThat(XdsTypes.nameOf(ClusterLoadAssignment.newBuilder().setClusterName("c").build())).isEqualTo("c");
    assertThat(XdsTypes.typeUrlOf(Secret.getDefaultInstance())).isEqualTo(XdsTypes.SECRET);
    assertThat(XdsTypes.nameOf(Secret.newBuilder().setName("cert.rsa:secret:s").build())).isEqualTo("cert.rsa:secret:s");
    assertThat(Resources.getResourceName(Listener.newBuilder().setName("l").build()))
        .isEqualTo(XdsTypes.nameOf(Listener.newBuilder().setName("l").build()));
  }
}
