package dev.atrium.core.validation;

import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec.GatewayType;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Dataplane: a sidecar, a delegated gateway (an API gateway with an Envoy that only handles its
 * traffic into the mesh, so it has outbounds but no inbounds) or a builtin gateway (Envoy is the
 * gateway, configured by MeshGateway; it has neither inbounds nor outbounds). Kuma's
 * dataplane_validator.go with its messages.
 */
final class DataplaneValidator {
  private DataplaneValidator() {}

  /** Values Kuma names when an inbound's kuma.io/protocol is unknown; "tls" is accepted but not advertised. */
  private static final List<String> ADVERTISED_PROTOCOLS = List.of("grpc", "http", "http2", "kafka", "tcp");
  private static final Set<String> KNOWN_PROTOCOLS = Set.of("grpc", "http", "http2", "kafka", "tcp", "tls");
  private static final List<String> OUTBOUND_BACKEND_KINDS =
      List.of("MeshExternalService", "MeshMultiZoneService", "MeshService");

  static void validate(DataplaneSpec spec, FieldPath root, Violations v) {
    FieldPath net = root.field("networking");
    DataplaneSpec.Networking networking = spec.networking();
    if (networking == null) {
      v.add(net, "must be defined");
      return;
    }
    if (spec.isGateway() && networking.gateway().effectiveType() == GatewayType.DELEGATED) {
      if (!networking.inbound().isEmpty()) v.add(net.field("inbound"), "inbound cannot be defined for delegated gateways");
      gateway(v, net.field("gateway"), networking.gateway());
      networking(v, net, networking);
      probes(v, root.field("probes"), spec.probes());
    } else if (spec.isBuiltinGateway()) {
      if (!networking.inbound().isEmpty()) v.add(net.field("inbound"), "inbound cannot be defined for builtin gateways");
      if (!networking.outbound().isEmpty()) {
        v.add(net.field("outbound"), "outbound cannot be defined for builtin gateways");
      }
      if (spec.probes() != null) v.add(root.field("probes"), "probes cannot be defined for builtin gateways");
      gateway(v, net.field("gateway"), networking.gateway());
      networking(v, net, networking);
    } else {
      if (networking.inbound().isEmpty()) v.add(net, "has to contain at least one inbound interface or gateway");
      networking(v, net, networking);
      probes(v, root.field("probes"), spec.probes());
      metrics(v, root.field("metrics"), spec.metrics());
    }
  }

  private static void networking(Violations v, FieldPath net, DataplaneSpec.Networking networking) {
    NetworkRules.proxyAddress(v, net.field("address"), networking.address());
    for (int i = 0; i < networking.inbound().size(); i++) {
      FieldPath path = net.field("inbound").index(i);
      inbound(v, path, networking.inbound().get(i), networking.address());
      if (!networking.inbound().get(i).tags().containsKey(TagRules.SERVICE)) {
        v.add(path.field("tags").key(TagRules.SERVICE), "tag has to exist");
      }
    }
    for (int i = 0; i < networking.outbound().size(); i++) {
      outbound(v, net.field("outbound").index(i), networking.outbound().get(i));
    }
    transparentProxying(v, net, networking);
  }

  /**
   * The redirect ports: each a port, and none shared with the other or with an inbound or outbound
   * (Envoy listens on 0.0.0.0 there; a shared port could not be both). Kuma checks none of this;
   * Atrium names the conflict instead of handing Envoy a listener it cannot bind.
   */
  private static void transparentProxying(Violations v, FieldPath net, DataplaneSpec.Networking networking) {
    DataplaneSpec.TransparentProxying tp = networking.transparentProxying();
    if (tp == null) return;
    FieldPath path = net.field("transparentProxying");
    Map<String, Integer> used = new LinkedHashMap<>();
    for (int i = 0; i < networking.inbound().size(); i++) {
      DataplaneSpec.Inbound in = networking.inbound().get(i);
      used.put(net.field("inbound").index(i).field("port").toString(), in.port());
      used.put(net.field("inbound").index(i).field("servicePort").toString(), in.servicePort());
    }
    for (int i = 0; i < networking.outbound().size(); i++) {
      used.put(net.field("outbound").index(i).field("port").toString(), networking.outbound().get(i).port());
    }
    redirectPort(v, path.field("redirectPortInbound"), tp.redirectPortInbound(), used);
    used.put(path.field("redirectPortInbound").toString(), tp.redirectPortInbound());
    redirectPort(v, path.field("redirectPortOutbound"), tp.redirectPortOutbound(), used);
  }

  private static void redirectPort(Violations v, FieldPath path, Integer port, Map<String, Integer> used) {
    if (port == null) return;
    NetworkRules.port(v, path, port);
    used.forEach((field, other) -> {
      if (port.equals(other)) v.add(path, "must differ from " + field + " (" + port + ")");
    });
  }

  private static void inbound(Violations v, FieldPath path, DataplaneSpec.Inbound in, String dpAddress) {
    NetworkRules.port(v, path.field("port"), in.port());
    int servicePort = in.servicePort() == null ? 0 : in.servicePort();
    if (servicePort != 0) NetworkRules.port(v, path.field("servicePort"), servicePort);
    boolean servicePortDiffers = servicePort != 0 && !in.servicePort().equals(in.port());
    if (notEmpty(in.serviceAddress())) {
      if (!NetworkRules.isIp(in.serviceAddress())) {
        v.add(path.field("serviceAddress"), "serviceAddress has to be valid IP address");
      }
      if (in.serviceAddress().equals(dpAddress) && !servicePortDiffers) {
        v.add(path.field("serviceAddress"), "serviceAddress and servicePort has to differ from address and port");
      }
    }
    if (notEmpty(in.address())) {
      if (!NetworkRules.isIp(in.address())) v.add(path.field("address"), "address has to be valid IP address");
      if (in.address().equals(in.serviceAddress()) && !servicePortDiffers) {
        v.add(path.field("serviceAddress"), "serviceAddress and servicePort has to differ from address and port");
      }
    }
    FieldPath tags = path.field("tags");
    String protocol = in.tags().get(TagRules.PROTOCOL);
    if (protocol != null && !KNOWN_PROTOCOLS.contains(protocol)) {
      v.add(tags.key(TagRules.PROTOCOL), "tag \"" + TagRules.PROTOCOL + "\" has an invalid value \"" + protocol
          + "\". Allowed values: " + String.join(", ", ADVERTISED_PROTOCOLS));
    }
    TagRules.tags(v, tags, in.tags(), TagRules.Options.NONE);
  }

  private static void outbound(Violations v, FieldPath path, DataplaneSpec.Outbound out) {
    NetworkRules.port(v, path.field("port"), out.port());
    if (notEmpty(out.address()) && !NetworkRules.isIp(out.address())) {
      v.add(path.field("address"), "address has to be valid IP address");
    }
    DataplaneSpec.BackendRef ref = out.backendRef();
    if (ref != null) {
      if (!OUTBOUND_BACKEND_KINDS.contains(ref.kind())) {
        v.add(path.field("backendRef").field("kind"),
            "invalid value. Available values are: " + String.join(",", OUTBOUND_BACKEND_KINDS));
      }
      if (!notEmpty(ref.name()) && ref.labels().isEmpty()) {
        v.add(path.field("backendRef"), "either 'name' or 'labels' should be specified");
      }
      // A MeshExternalService's port comes from its endpoints, so the reference does not carry one.
      if (!"MeshExternalService".equals(ref.kind())) NetworkRules.port(v, path.field("backendRef").field("port"), ref.port());
      if (!out.tags().isEmpty()) v.add(path.field("backendRef"), "both backendRef and tags/service cannot be defined");
    } else if (out.tags().isEmpty()) {
      v.add(path.field("tags"), "mandatory tag \"" + TagRules.SERVICE + "\" is missing");
    } else {
      TagRules.tags(v, path.field("tags"), out.tags(), TagRules.Options.REQUIRE_SERVICE);
    }
  }

  /** Gateway tags identify the gateway's service; only plain TCP may be declared as its protocol. */
  private static void gateway(Violations v, FieldPath path, DataplaneSpec.Gateway gateway) {
    FieldPath tags = path.field("tags");
    String protocol = gateway.tags().get(TagRules.PROTOCOL);
    if (protocol != null && !protocol.equals("tcp")) {
      v.add(tags.key(TagRules.PROTOCOL), "other values than tcp are not allowed, provided value \"" + protocol + "\"");
    }
    TagRules.tags(v, tags, gateway.tags(), TagRules.Options.REQUIRE_SERVICE);
  }

  private static void probes(Violations v, FieldPath path, DataplaneSpec.Probes probes) {
    if (probes == null) return;
    NetworkRules.port(v, path.field("port"), probes.port());
    for (int i = 0; i < probes.endpoints().size(); i++) {
      FieldPath ep = path.field("endpoints").index(i);
      DataplaneSpec.ProbeEndpoint e = probes.endpoints().get(i);
      NetworkRules.port(v, ep.field("inboundPort"), e.inboundPort());
      if (!isRequestUri(e.inboundPath())) v.add(ep.field("inboundPath"), "should be a valid URL Path");
      if (!isRequestUri(e.path())) v.add(ep.field("path"), "should be a valid URL Path");
    }
  }

  private static void metrics(Violations v, FieldPath path, DataplaneSpec.Metrics metrics) {
    if (metrics != null && !"prometheus".equals(metrics.type())) {
      v.add(path.field("type"), "unknown backend type. Available backends: \"prometheus\"");
    }
  }

  /** Like Go's url.ParseRequestURI: an absolute path or an absolute URL. */
  private static boolean isRequestUri(String s) {
    if (s == null || s.isEmpty()) return false;
    try {
      URI uri = new URI(s);
      return s.startsWith("/") || uri.isAbsolute();
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }
}
