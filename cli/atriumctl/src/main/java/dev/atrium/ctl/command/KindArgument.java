package dev.atrium.ctl.command;

import dev.atrium.core.model.ResourceKind;
import dev.atrium.ctl.CliException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The KIND argument of get/delete: any name kumactl accepts ("meshgateways", "MeshGateway", "mgw"). */
final class KindArgument {
  private KindArgument() {}

  static final String HELP = "meshes (m), dataplanes (dp), meshgateways (mgw), meshgatewayroutes, "
      + "meshhttproutes (mhttpr), meshtcproutes (mtcpr), secrets, meshgatewayinstances (mgwi), dataplane-insights, "
      + "global-secrets, meshtrafficpermissions (mtp), traffic-permissions, meshtimeouts (mt), "
      + "meshcircuitbreakers (mcb), meshfaultinjections (mfi), meshratelimits (mrl), meshretries (mr), "
      + "traffic-logs, meshaccesslogs (mal)";

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

  /** "meshgateway/edge-gateway", the way apply and delete name what they touched. */
  static String display(ResourceKind kind, String name) {
    return kind.typeName().toLowerCase(java.util.Locale.ROOT) + "/" + name;
  }
}
