package dev.atrium.core.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.Selector;
import dev.atrium.core.model.dataplane.DataplaneSpec;
import dev.atrium.core.model.gateway.MeshGatewayRouteSpec;
import dev.atrium.core.model.gateway.MeshGatewaySpec;
import dev.atrium.core.model.route.MeshHTTPRouteSpec;
import dev.atrium.core.model.route.MeshTCPRouteSpec;
import dev.atrium.core.model.route.TargetRef;
import dev.atrium.core.snapshot.KumaTags;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.core.status.GatewayStatus.ListenerStatus;
import dev.atrium.core.status.GatewayStatus.RouteProblem;
import dev.atrium.core.policy.GatewayPolicies.ListenerPolicies;
import dev.atrium.core.policy.GatewayPolicyMatcher;
import dev.atrium.core.policy.GatewayRouteAttachment;
import dev.atrium.core.policy.TargetRefMatcher;
import dev.atrium.core.translate.GatewayAttachments;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link GatewayStatus}: the gateway Dataplanes the MeshGateway configures (a BUILTIN
 * Dataplane it selects, as the translator picks a gateway), each listener ({@link ListenerReport}), and
 * the routes meant for this gateway that attach to none of its listeners.
 *
 * <p>Listeners are matched with the first gateway Dataplane's tags. Dataplanes of one gateway normally
 * share them (one {@code kuma.io/service}); when they do not, a note says whose tags were used. With no
 * gateway Dataplane registered, the MeshGateway's first selector stands in for its tags.
 */
public final class GatewayStatusReport {
  private GatewayStatusReport() {}

  static final String NO_DATAPLANE = "no gateway Dataplane registered";

  /** The status of the MeshGateway {@code gatewayName} in {@code mesh}; empty when the mesh has no such gateway. */
  public static Optional<GatewayStatus> of(MeshSnapshot mesh, String gatewayName) {
    Optional<Resource> found = mesh.get(ResourceKind.MESH_GATEWAY, gatewayName);
    if (found.isEmpty()) return Optional.empty();
    Resource gateway = found.get();
    MeshGatewaySpec spec = gateway.specAs(MeshGatewaySpec.class);

    List<Resource> dataplanes = dataplanesOf(mesh, gateway);
    List<String> notes = new ArrayList<>();
    GatewayAttachments attachments;
    Map<String, String> tags;
    if (dataplanes.isEmpty()) {
      tags = spec.selectors().isEmpty() ? Map.of() : spec.selectors().get(0).match();
      attachments = GatewayAttachments.withoutDataplane(mesh, gateway, tags);
      notes.add(NO_DATAPLANE + ": nothing serves these listeners yet; routes are matched with the"
          + " MeshGateway's selector " + Words.tags(tags));
    } else {
      Resource first = dataplanes.get(0);
      tags = gatewayTags(first);
      attachments = GatewayAttachments.of(mesh, gateway, first);
      List<String> others = dataplanes.stream().filter(d -> !gatewayTags(d).equals(tags)).map(Resource::name).toList();
      if (!others.isEmpty()) {
        notes.add("Dataplanes " + String.join(", ", others) + " have other gateway tags than " + first.name()
            + "; listeners are shown with " + first.name() + "'s");
      }
      if (first.specAs(DataplaneSpec.class).networking().address() == null) {
        notes.add("Dataplane " + first.name() + " has no networking.address: Envoy gets no listener");
      }
    }

    List<ListenerStatus> listeners = attachments.policies().listeners().stream()
        .map(l -> ListenerReport.of(mesh, attachments, l))
        .toList();
    List<RouteProblem> unattached = new ArrayList<>();
    unattachedGatewayRoutes(mesh, attachments, tags.get(KumaTags.SERVICE), unattached);
    unattachedMeshRoutes(mesh, attachments, gateway.name(), unattached);
    return Optional.of(new GatewayStatus(mesh.name(), gateway.name(), dataplanes.stream().map(Resource::name).toList(),
        new java.util.TreeMap<>(tags), notes, listeners, unattached));
  }

  /** Mappers.YAML's style, except that reasons (sentences) stay on one line each, never folded. */
  private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
          .disable(YAMLGenerator.Feature.SPLIT_LINES)
          .build())
      .build();

  /** The report as YAML, as {@code atriumctl inspect meshgateway -o yaml} prints it. */
  public static String yaml(GatewayStatus status) {
    try {
      // Through a tree made with Mappers.JSON, so the report's fields, order and omissions are the JSON's.
      return YAML.writeValueAsString(Mappers.JSON.valueToTree(status));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The report as indented JSON, ending in a newline. */
  public static String json(GatewayStatus status) {
    try {
      return Mappers.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The BUILTIN gateway Dataplanes the translator configures with this MeshGateway, by name. */
  private static List<Resource> dataplanesOf(MeshSnapshot mesh, Resource gateway) {
    return mesh.all(ResourceKind.DATAPLANE).stream()
        .filter(d -> d.specAs(DataplaneSpec.class).isBuiltinGateway())
        .filter(d -> GatewayPolicyMatcher.select(mesh, gatewayTags(d))
            .map(g -> g.name().equals(gateway.name())).orElse(false))
        .toList();
  }

  private static Map<String, String> gatewayTags(Resource dataplane) {
    return dataplane.specAs(DataplaneSpec.class).networking().gateway().tags();
  }

  /**
   * MeshGatewayRoutes meant for this gateway — a selector naming its {@code kuma.io/service} — whose
   * selectors match no listener. (A MeshGatewayRoute names no gateway; without that service in a
   * selector it may belong to any gateway, so it is not reported here.)
   */
  private static void unattachedGatewayRoutes(MeshSnapshot mesh, GatewayAttachments attachments, String service,
      List<RouteProblem> out) {
    if (service == null) return;
    for (Resource route : mesh.all(ResourceKind.MESH_GATEWAY_ROUTE)) {
      List<Selector> selectors = route.specAs(MeshGatewayRouteSpec.class).selectors();
      if (selectors.stream().noneMatch(s -> service.equals(s.match().get(KumaTags.SERVICE)))) continue;
      if (attachments.policies().listeners().stream().anyMatch(l -> GatewayRouteAttachment.selects(selectors, l.tags()))) continue;
      out.add(new RouteProblem(ResourceKind.MESH_GATEWAY_ROUTE.typeName(), route.name(),
          "attaches to no listener: no listener has tags " + Words.selectors(selectors)));
    }
  }

  /** MeshHTTPRoutes and MeshTCPRoutes whose targetRef names this gateway but that attach to no listener. */
  private static void unattachedMeshRoutes(MeshSnapshot mesh, GatewayAttachments attachments, String gateway,
      List<RouteProblem> out) {
    for (ResourceKind kind : List.of(ResourceKind.MESH_HTTP_ROUTE, ResourceKind.MESH_TCP_ROUTE)) {
      for (Resource route : mesh.all(kind)) {
        TargetRef top = kind == ResourceKind.MESH_HTTP_ROUTE
            ? route.specAs(MeshHTTPRouteSpec.class).targetRef() : route.specAs(MeshTCPRouteSpec.class).targetRef();
        if (top == null || !TargetRef.MESH_GATEWAY.equals(top.kind()) || !gateway.equals(top.name())) continue;
        String reason;
        if (!TargetRefMatcher.isSystemRole(route.meta().labels())) {
          reason = "ignored: label kuma.io/policy-role is \"" + route.meta().labels().get("kuma.io/policy-role")
              + "\"; only system routes configure a gateway";
        } else if (attachments.policies().listeners().stream().noneMatch(l -> attached(attachments, kind, route, l))) {
          reason = "attaches to no listener: no listener has tags " + Words.tags(top.tags());
        } else {
          continue;
        }
        out.add(new RouteProblem(kind.typeName(), route.name(), reason));
      }
    }
  }

  private static boolean attached(GatewayAttachments attachments, ResourceKind kind, Resource route, ListenerPolicies l) {
    List<Resource> routes = kind == ResourceKind.MESH_HTTP_ROUTE ? l.meshHttpRoutes() : l.meshTcpRoutes();
    return routes.stream().anyMatch(r -> r.name().equals(route.name()));
  }
}
