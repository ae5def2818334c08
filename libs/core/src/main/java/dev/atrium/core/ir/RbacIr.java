package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;

/**
 * Who may call an inbound over mesh TLS (an Envoy RBAC filter with an ALLOW policy): a caller is known
 * by the URI SANs of its certificate. No allowed principal denies everyone.
 *
 * @param policy the name of the Envoy policy ({@code MeshTrafficPermission}, or the legacy
 *     TrafficPermission's name), shown in Envoy's deny details
 * @param allow callers that get through
 * @param shadowDeny callers that get through but are counted as denied by the shadow rules
 *     ({@code AllowWithShadowDeny}: what a Deny would do, observed before it is enforced)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RbacIr(String policy, @JsonInclude(JsonInclude.Include.ALWAYS) List<PrincipalIr> allow,
    List<PrincipalIr> shadowDeny) {
  public RbacIr {
    Objects.requireNonNull(policy, "policy");
    allow = allow == null ? List.of() : List.copyOf(allow);
    shadowDeny = shadowDeny == null ? List.of() : List.copyOf(shadowDeny);
  }

  /**
   * A caller whose certificate carries every URI SAN of {@code ids} ({@code spiffe://<mesh>/<service>},
   * {@code kuma://<tag>/<value>}; none: any mesh caller) and not every one of any set in {@code except}
   * (the callers an earlier rule decided otherwise).
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record PrincipalIr(List<String> ids, List<List<String>> except) {
    public PrincipalIr {
      ids = ids == null ? List.of() : List.copyOf(ids);
      except = except == null ? List.of() : except.stream().map(List::copyOf).toList();
    }
  }
}
