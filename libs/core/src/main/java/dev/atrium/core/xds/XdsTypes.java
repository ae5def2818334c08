package dev.atrium.core.xds;

import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.List;

/**
 * The xDS v3 type URLs Atrium serves (the same strings as java-control-plane's
 * {@code Resources.V3.*_TYPE_URL}) and how a resource of each type is named.
 */
public final class XdsTypes {
  private XdsTypes() {}

  public static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
  public static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  public static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  public static final String ENDPOINT = "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  public static final String SECRET = "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

  /**
   * Every type, in the order a make-before-break push sends them: CDS, EDS, SDS (the certificates
   * before the listeners naming them), LDS, RDS.
   */
  public static final List<String> ALL = List.of(CLUSTER, ENDPOINT, SECRET, LISTENER, ROUTE);

  /** The type URL of {@code resource}: {@code type.googleapis.com/} and the message's full name. */
  public static String typeUrlOf(Message resource) {
    return "type.googleapis.com/" + resource.getDescriptorForType().getFullName();
  }

  /** The name xDS requests and responses use for {@code resource}. */
  public static String nameOf(Message resource) {
    if (resource instanceof Listener l) return l.getName();
    if (resource instanceof RouteConfiguration r) return r.getName();
    if (resource instanceof Cluster c) return c.getName();
    if (resource instanceof ClusterLoadAssignment a) return a.getClusterName();
    if (resource instanceof Secret s) return s.getName();
    throw new IllegalArgumentException("not an xDS resource Atrium serves: " + resource.getDescriptorForType().getFullName());
  }
}
