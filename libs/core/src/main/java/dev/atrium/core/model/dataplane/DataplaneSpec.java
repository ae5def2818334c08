package dev.atrium.core.model.dataplane;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import java.util.List;
import java.util.Map;

/** A data-plane proxy: a sidecar (inbounds/outbounds) or a gateway (DELEGATED or BUILTIN). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DataplaneSpec(Networking networking, Metrics metrics, Probes probes) implements ResourceSpec {

  public boolean isGateway() {
    return networking != null && networking.gateway() != null;
  }

  public boolean isBuiltinGateway() {
    return isGateway() && networking.gateway().effectiveType() == GatewayType.BUILTIN;
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Networking(
      String address,
      @JsonAlias("advertised_address") String advertisedAddress,
      List<Inbound> inbound,
      List<Outbound> outbound,
      Gateway gateway,
      @JsonAlias("transparent_proxying") TransparentProxying transparentProxying,
      Admin admin) {
    public Networking {
      inbound = Collect.list(inbound);
      outbound = Collect.list(outbound);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Inbound(
      Integer port,
      @JsonAlias("service_port") Integer servicePort,
      @JsonAlias("service_address") String serviceAddress,
      String address,
      Map<String, String> tags,
      Health health,
      @JsonAlias("service_probe") JsonNode serviceProbe,
      State state,
      String name) {
    public Inbound {
      tags = Collect.map(tags);
    }

    public enum State { Ready, NotReady, Ignored }
  }

  public record Health(Boolean ready) {}

  /** An outbound: traffic sent to {@code address:port} (127.0.0.1 by default) reaches the tagged service. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Outbound(
      String address,
      Integer port,
      Map<String, String> tags,
      @JsonAlias("backend_ref") BackendRef backendRef) {
    public Outbound {
      tags = Collect.map(tags);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record BackendRef(String kind, String name, Integer port, Map<String, String> labels) {
    public BackendRef {
      labels = Collect.map(labels);
    }
  }

  /** DELEGATED (the default, as in Kuma) or BUILTIN. */
  public enum GatewayType { DELEGATED, BUILTIN }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Gateway(Map<String, String> tags, GatewayType type) {
    public Gateway {
      tags = Collect.map(tags);
    }

    public GatewayType effectiveType() {
      return type == null ? GatewayType.DELEGATED : type;
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record TransparentProxying(
      @JsonAlias("redirect_port_inbound") Integer redirectPortInbound,
      @JsonAlias("redirect_port_outbound") Integer redirectPortOutbound,
      @JsonAlias("direct_access_services") List<String> directAccessServices,
      @JsonAlias("reachable_services") List<String> reachableServices,
      @JsonAlias("ip_family_mode") String ipFamilyMode) {
    public TransparentProxying {
      directAccessServices = Collect.list(directAccessServices);
      reachableServices = Collect.list(reachableServices);
    }
  }

  public record Admin(Integer port) {}

  /** Where the proxy exposes metrics (Kuma's MetricsBackend); {@code conf} holds type-specific settings. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Metrics(String name, String type, JsonNode conf) {}

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Probes(Integer port, List<ProbeEndpoint> endpoints) {
    public Probes {
      endpoints = Collect.list(endpoints);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record ProbeEndpoint(
      @JsonAlias("inbound_port") Integer inboundPort, @JsonAlias("inbound_path") String inboundPath, String path) {}
}
