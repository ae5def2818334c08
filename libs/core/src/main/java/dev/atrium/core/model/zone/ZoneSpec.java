package dev.atrium.core.model.zone;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.ResourceSpec;

/**
 * A zone of a multi-zone deployment as global knows it, in the shape of Kuma's Zone
 * ({@code api/system/v1alpha1/zone.proto}): only whether it is enabled. A zone control plane creates
 * its Zone on global when it first connects; users may switch it off or delete it there.
 *
 * @param enabled absent means enabled, as in Kuma
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ZoneSpec(Boolean enabled) implements ResourceSpec {

  /** What a zone writes when it creates its own Zone on global. */
  public static ZoneSpec enabledZone() {
    return new ZoneSpec(true);
  }

  public boolean isEnabled() {
    return enabled == null || enabled;
  }
}
