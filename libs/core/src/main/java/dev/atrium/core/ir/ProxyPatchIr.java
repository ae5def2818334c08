package dev.atrium.core.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.proxypatch.Modification;
import dev.atrium.core.model.proxypatch.ProxyTemplateSpec.RawResource;
import java.util.List;
import java.util.Objects;

/**
 * Changes one policy makes to the proxy's generated Envoy resources, applied after they are built
 * ({@code dev.atrium.core.xds.ProxyPatcher}), in the IR's order.
 *
 * @param source the policy, for messages: {@code MeshProxyPatch/gw-header} or {@code ProxyTemplate/custom}
 * @param origin Kuma's origin of what the policy adds: {@code mesh-proxy-patch}, or
 *     {@code proxy-template-modifications} / {@code proxy-template-raw} for the legacy form
 * @param resources raw Envoy resources added as written (ProxyTemplate only)
 * @param modifications the changes, in order (operations in either case: {@code Add} or {@code add})
 */
public record ProxyPatchIr(String source, String origin, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RawResource> resources,
    List<Modification> modifications) {
  public ProxyPatchIr {
    Objects.requireNonNull(source, "source");
    resources = Collect.list(resources);
    modifications = Collect.list(modifications);
  }
}
