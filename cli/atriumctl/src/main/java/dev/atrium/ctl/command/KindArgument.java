package dev.atrium.ctl.command;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.ctl.CliException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The KIND argument of get/delete: any name kumactl accepts ("meshgateways", "MeshGateway", "mgw"). */
final class KindArgument {
  private KindArgument() {}

  static final String HELP = "meshes (m), dataplanes (dp), meshgateways (mgw), meshgatewayroutes, meshhttproutes (mhttpr), "
      + "meshtcproutes (mtcpr), secrets, meshgatewayinstances (mgwi), dataplane-insights, zoneingresses (zi), "
      + "zone-ingress-insights, global-secrets, "
      + "meshtrafficpermissions (mtp), traffic-permissions, meshtimeouts (mt), meshcircuitbreakers (mcb), "
      + "meshfaultinjections (mfi), meshratelimits (mrl), meshretries (mr), external-services, timeouts, "
      + "retries, circuit-breakers, rate-limits, fault-injections, meshproxypatches (mpp), proxytemplates, "
      + "meshloadbalancingstrategies (mlbs), meshhealthchecks (mhc), health-checks, meshaccesslogs (mal), "
      + "traffic-logs, zones (z), zone-insights";

  static ResourceKind resolve(String name) {
    return ResourceKind.byAnyName(name).orElseThrow(() ->
        new CliException("unknown resource type \"" + name + "\"; known types: " + known()));
  }

  /** Built from the model, so a new kind shows up without touching this class. */
  static String known() {
    return Arrays.stream(ResourceKind.values())
        .map(k -> k.collection() + (k.shortName().isEmpty() ? "" : " (" + k.shortName() + ")"))
        .collect(Collectors.joining(", "));
  }

  /**
   * "Timeout is deprecated; use MeshTimeout": what apply and get print on stderr for Kuma's legacy kinds
   * (still served for compatibility, removed in Kuma 3.0); empty for every other kind.
   */
  static java.util.Optional<String> deprecation(ResourceKind kind) {
    return kind.replacement().map(r -> kind.typeName() + " is deprecated; use " + r.typeName());
  }

  /** "meshgateway/edge-gateway", the way apply and delete name what they touched. */
  static String display(ResourceKind kind, String name) {
    return kind.typeName().toLowerCase(java.util.Locale.ROOT) + "/" + name;
  }
}
