package dev.atrium.core.model.zoneingress;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import java.util.List;
import java.util.Map;

/**
 * A zone's entrance for traffic from other zones (Kuma's ZoneIngress): a proxy that passes mesh TLS
 * through to the zone's services by SNI, never decrypting it.
 *
 * @param zone the zone the ingress serves; set by the global control plane when the ingress reaches it,
 *     left empty in the ingress's own zone — a zone's proxies read a ZoneIngress with a zone as another
 *     zone's
 * @param networking where the ingress listens and where other zones reach it
 * @param availableServices what the ingress can reach in its zone, per mesh and tag set, with how many
 *     instances: computed by the zone's control plane, never written by users
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ZoneIngressSpec(String zone, Networking networking,
    @JsonAlias("available_services") List<AvailableService> availableServices) implements ResourceSpec {

  public ZoneIngressSpec {
    availableServices = Collect.list(availableServices);
  }

  /** This ingress with {@code services} as its available services. */
  public ZoneIngressSpec withAvailableServices(List<AvailableService> services) {
    return new ZoneIngressSpec(zone, networking, services);
  }

  /** This ingress as the zone {@code name}'s. */
  public ZoneIngressSpec withZone(String name) {
    return new ZoneIngressSpec(name, networking, availableServices);
  }

  /**
   * @param address where the ingress listens (its proxy's address)
   * @param advertisedAddress where other zones reach it, when that differs (a load balancer, NAT)
   * @param port the listener's port
   * @param advertisedPort the port other zones reach, with advertisedAddress
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Networking(String address, @JsonAlias("advertised_address") String advertisedAddress, Integer port,
      @JsonAlias("advertised_port") Integer advertisedPort, DataplaneSpec.Admin admin) {

    /** The address other zones connect to: the advertised one, else the listener's; null when neither is set. */
    public String publicAddress() {
      return notEmpty(advertisedAddress) ? advertisedAddress : notEmpty(address) ? address : null;
    }

    /** The port other zones connect to: the advertised one, else the listener's. */
    public Integer publicPort() {
      return notEmpty(advertisedAddress) && advertisedPort != null && advertisedPort != 0 ? advertisedPort : port;
    }

    private static boolean notEmpty(String s) {
      return s != null && !s.isEmpty();
    }
  }

  /**
   * Instances of one service in the ingress's zone with one tag set.
   *
   * @param externalService whether the instances are an ExternalService's reached from this zone
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record AvailableService(Map<String, String> tags, Integer instances, String mesh, Boolean externalService) {
    public AvailableService {
      tags = Collect.map(tags);
    }
  }
}
