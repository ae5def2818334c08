package dev.atrium.core.model.proxypatch;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.Collect;
import dev.atrium.core.model.ResourceSpec;
import dev.atrium.core.model.Selector;
import java.util.List;

/**
 * Kuma's legacy ProxyTemplate, accepted for compatibility (MeshProxyPatch is the form to use): proxies
 * whose tags match one of {@code selectors} get the profiles {@code conf.imports} names (Atrium's one
 * configuration for either), then {@code conf.resources} added, then {@code conf.modifications} applied.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProxyTemplateSpec(List<Selector> selectors, Conf conf) implements ResourceSpec {
  public ProxyTemplateSpec {
    selectors = Collect.list(selectors);
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Conf(List<String> imports, List<RawResource> resources, List<Modification> modifications) {
    public Conf {
      imports = Collect.list(imports);
      resources = Collect.list(resources);
      modifications = Collect.list(modifications);
    }
  }

  /** An Envoy resource added as written ({@code resource}: YAML with its {@code @type}). */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record RawResource(String name, String version, String resource) {}
}
