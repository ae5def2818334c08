package dev.atrium.core.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One MeshGateway as its Envoy gets it: {@code atriumctl inspect meshgateway} prints this.
 *
 * @param dataplanes the BUILTIN Dataplanes this MeshGateway configures, by name (empty: none registered)
 * @param dataplaneTags the gateway tags listeners were matched with: the first Dataplane's, else the
 *     MeshGateway's first selector
 * @param notes what applies to the whole gateway (no Dataplane registered, Dataplanes with other tags)
 * @param listeners every listener of the MeshGateway, in its order
 * @param unattached routes written for this gateway that attach to none of its listeners
 */
@JsonPropertyOrder({"mesh", "gateway", "dataplanes", "dataplaneTags", "notes", "listeners", "unattached"})
public record GatewayStatus(
    String mesh,
    String gateway,
    List<String> dataplanes,
    Map<String, String> dataplaneTags,
    List<String> notes,
    List<ListenerStatus> listeners,
    List<RouteProblem> unattached) {

  public GatewayStatus {
    dataplanes = List.copyOf(dataplanes);
    dataplaneTags = sorted(dataplaneTags);
    notes = List.copyOf(notes);
    listeners = List.copyOf(listeners);
    unattached = List.copyOf(unattached);
  }

  /**
   * One listener of the MeshGateway.
   *
   * @param hostname the listener's hostname, {@code *} when it has none
   * @param tags the listener's own tags
   * @param mergedTags what routes select it by: Dataplane, gateway and listener tags
   * @param served whether Envoy gets this listener (see {@code reason} when not)
   * @param reason why the listener is not served; null when it is
   * @param routes the routes attached to it, in the order Envoy tries them (by kind, then name)
   * @param rejected routes that select or target it but are ignored, and rules in conflict
   */
  @JsonPropertyOrder({"port", "protocol", "hostname", "tags", "mergedTags", "served", "reason", "routes", "rejected"})
  public record ListenerStatus(
      Integer port,
      String protocol,
      String hostname,
      Map<String, String> tags,
      Map<String, String> mergedTags,
      @JsonInclude(JsonInclude.Include.ALWAYS) boolean served,
      String reason,
      List<AttachedRoute> routes,
      List<RouteProblem> rejected) {
    public ListenerStatus {
      tags = sorted(tags);
      mergedTags = sorted(mergedTags);
      routes = List.copyOf(routes);
      rejected = List.copyOf(rejected);
    }
  }

  /**
   * A route attached to a listener.
   *
   * @param kind MeshGatewayRoute, MeshHTTPRoute or MeshTCPRoute
   * @param hostnames the route's hostnames that cover the listener's; the listener's own hostname when
   *     the route lists none (TCP routes have none)
   * @param backends where its rules forward to, each service once per weight
   */
  @JsonPropertyOrder({"kind", "name", "hostnames", "backends"})
  public record AttachedRoute(String kind, String name, List<String> hostnames, List<BackendStatus> backends) {
    public AttachedRoute {
      hostnames = List.copyOf(hostnames);
      backends = List.copyOf(backends);
    }
  }

  /**
   * A backend service, its weight, and how many ready endpoints Envoy gets for it now (0: requests to
   * it fail). {@code cluster} is named only when it is not the service's own cluster (a subset: then
   * only the endpoints carrying the subset's tags count).
   */
  @JsonPropertyOrder({"service", "cluster", "weight", "endpoints"})
  public record BackendStatus(
      String service,
      String cluster,
      @JsonInclude(JsonInclude.Include.ALWAYS) int weight,
      @JsonInclude(JsonInclude.Include.ALWAYS) int endpoints) {}

  /** A route (or one rule of it) that does not take effect where it was meant to, and why. */
  @JsonPropertyOrder({"kind", "name", "reason"})
  public record RouteProblem(String kind, String name, String reason) {}

  /** Tags in key order, so equal reports print the same. */
  private static Map<String, String> sorted(Map<String, String> tags) {
    return java.util.Collections.unmodifiableSortedMap(new TreeMap<>(tags == null ? Map.of() : tags));
  }
}
