package dev.atrium.core.validation;

import dev.atrium.core.model.GoDuration;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec.Conf;
import dev.atrium.core.model.faultinjection.MeshFaultInjectionSpec.Fault;
import dev.atrium.core.model.faultinjection.Percentage;
import dev.atrium.core.model.route.TargetRef;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kuma 2.14's MeshFaultInjection validator with its paths and messages. Which side an entry may name
 * depends on whether the top-level targetRef's scope includes builtin gateways (MeshGateway, or
 * Mesh/MeshSubset without {@code proxyTypes} or with {@code Gateway} among them): then only {@code to}
 * (Mesh) is allowed, since a gateway's faults apply to what it forwards; otherwise only {@code from}.
 * Each fault's status is an HTTP status, its percentages lie in [0, 100], its delay is not negative
 * and its bandwidth has a bps unit. Only system-role policies may target a MeshGateway.
 */
final class MeshFaultInjectionValidator {
  private MeshFaultInjectionValidator() {}

  static final List<String> TOP_KINDS_SYSTEM = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_GATEWAY, TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET,
      TargetRefRules.DATAPLANE);
  static final List<String> TOP_KINDS_OTHER = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_SERVICE, TargetRefRules.MESH_SERVICE_SUBSET, TargetRefRules.DATAPLANE);
  static final List<String> FROM_KINDS = List.of(TargetRefRules.MESH, TargetRefRules.MESH_SUBSET,
      TargetRefRules.MESH_SERVICE_SUBSET, TargetRefRules.MESH_SERVICE);
  static final List<String> TO_KINDS = List.of(TargetRefRules.MESH);

  static final String FROM_WITH_GATEWAYS = "must not be defined when the scope includes a Gateway, select only"
      + " proxyType Sidecar or select only gateways and use spec.to";
  private static final String PERCENTAGE_RANGE = "must be in inclusive range [0.0, 100.0]";
  /** Kuma's bandwidth syntax: digits, an optional space, then kbps, Mbps or Gbps. */
  private static final Pattern BANDWIDTH = Pattern.compile("^(\\d*)\\s?([GMk]+bps)$");

  static void validate(MeshFaultInjectionSpec spec, Map<String, String> labels, FieldPath root, Violations v) {
    boolean inboundPolicy = !spec.from().isEmpty() || !spec.rules().isEmpty();
    if (spec.targetRef() != null) {
      boolean system = RouteTargetRules.isSystemRole(labels);
      TargetRefRules.check(v, root.field("targetRef"), TargetRefRules.Ref.of(spec.targetRef()),
          system ? TOP_KINDS_SYSTEM : TOP_KINDS_OTHER, system, inboundPolicy);
    }
    if (!spec.from().isEmpty() && !spec.rules().isEmpty()) {
      v.add(root, "field 'from' must be empty when 'rules' is defined");
    }
    for (int i = 0; i < spec.rules().size(); i++) {
      conf(v, root.field("rules").index(i).field("default"), spec.rules().get(i).defaultConf());
    }
    boolean gateways = includesGateways(spec.targetRef());
    if (gateways && !spec.from().isEmpty()) {
      v.add(root.field("from"), FROM_WITH_GATEWAYS);
    } else {
      for (int i = 0; i < spec.from().size(); i++) {
        FieldPath path = root.field("from").index(i);
        targetRef(v, path.field("targetRef"), spec.from().get(i).targetRef(), FROM_KINDS);
        conf(v, path.field("default"), spec.from().get(i).defaultConf());
      }
    }
    if (!gateways && !spec.to().isEmpty()) {
      v.add(root.field("to"), "must not be defined");
    } else {
      for (int i = 0; i < spec.to().size(); i++) {
        FieldPath path = root.field("to").index(i);
        targetRef(v, path.field("targetRef"), spec.to().get(i).targetRef(), TO_KINDS);
        conf(v, path.field("default"), spec.to().get(i).defaultConf());
      }
    }
  }

  /**
   * Whether the policy may select builtin gateways: a MeshGateway, or Mesh/MeshSubset (an absent
   * targetRef is Mesh) whose {@code proxyTypes} are empty or include Gateway.
   */
  static boolean includesGateways(TargetRef ref) {
    String kind = ref == null || ref.kind() == null || ref.kind().isEmpty() ? TargetRefRules.MESH : ref.kind();
    List<String> proxyTypes = ref == null ? List.of() : ref.proxyTypes();
    boolean meshKind = kind.equals(TargetRefRules.MESH) || kind.equals(TargetRefRules.MESH_SUBSET);
    return kind.equals(TargetRefRules.MESH_GATEWAY) || kind.equals(TargetRefRules.MESH_HTTP_ROUTE)
        || (meshKind && (proxyTypes.isEmpty() || proxyTypes.contains("Gateway")));
  }

  private static void targetRef(Violations v, FieldPath path, TargetRef ref, List<String> kinds) {
    if (ref == null) {
      v.add(path.field("kind"), "must be defined");
    } else {
      TargetRefRules.check(v, path, TargetRefRules.Ref.of(ref), kinds, false);
    }
  }

  /** Kuma indexes each fault's part by the fault's place in the list: {@code http.abort[0].httpStatus}. */
  private static void conf(Violations v, FieldPath path, Conf conf) {
    if (conf == null || conf.http() == null) return;
    FieldPath http = path.field("http");
    for (int i = 0; i < conf.http().size(); i++) {
      Fault fault = conf.http().get(i);
      if (fault == null) continue;
      if (fault.abort() != null) {
        FieldPath p = http.field("abort").index(i);
        int status = fault.abort().httpStatus() == null ? 0 : fault.abort().httpStatus();
        if (status < 100 || status >= 600) v.add(p.field("httpStatus"), "must be in inclusive range [100, 599]");
        percentage(v, p.field("percentage"), fault.abort().percentage());
      }
      if (fault.delay() != null) {
        FieldPath p = http.field("delay").index(i);
        delay(v, p.field("value"), fault.delay().value());
        percentage(v, p.field("percentage"), fault.delay().percentage());
      }
      if (fault.responseBandwidth() != null) {
        FieldPath p = http.field("responseBandwidth").index(i);
        String limit = fault.responseBandwidth().limit();
        if (limit == null || limit.isEmpty()) {
          v.add(p.field("limit"), "must be defined");
        } else if (!BANDWIDTH.matcher(limit).matches()) {
          v.add(p.field("limit"), "must be in kbps/Mbps/Gbps units");
        }
        percentage(v, p.field("percentage"), fault.responseBandwidth().percentage());
      }
    }
  }

  private static void delay(Violations v, FieldPath path, String text) {
    if (text == null) return; // Go's zero duration: no delay, valid
    Optional<Duration> d = GoDuration.parse(text);
    if (d.isEmpty()) {
      v.add(path, "time: invalid duration \"" + text + "\"");
    } else if (d.get().isNegative()) {
      v.add(path, "must not be negative when defined");
    }
  }

  /** An absent percentage is Go's zero int-or-string: 0, which is allowed. */
  private static void percentage(Violations v, FieldPath path, String text) {
    Optional<BigDecimal> value = Percentage.parse(text);
    if (value.isEmpty()) {
      v.add(path, "string must be a valid number");
    } else if (value.get().signum() < 0 || value.get().compareTo(BigDecimal.valueOf(100)) > 0) {
      v.add(path, PERCENTAGE_RANGE);
    }
  }
}
