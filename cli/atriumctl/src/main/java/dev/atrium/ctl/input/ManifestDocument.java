package dev.atrium.ctl.input;

import dev.atrium.core.model.Resource;
import dev.atrium.core.validation.Violation;
import java.util.List;

/**
 * One document of the input: either a resource ready to send, or what is wrong with it.
 *
 * @param origin where it came from ("gw.yaml", "gw.yaml document 2"), for messages
 * @param subject how messages name it: "MeshGateway default/edge-gateway" when that much could be read
 * @param resource null when {@code violations} is not empty
 */
public record ManifestDocument(String origin, String subject, Resource resource, List<Violation> violations) {
  public ManifestDocument {
    violations = List.copyOf(violations);
  }

  public static ManifestDocument valid(String origin, Resource resource) {
    return new ManifestDocument(origin, resource.describe(), resource, List.of());
  }

  public static ManifestDocument invalid(String origin, String subject, List<Violation> violations) {
    return new ManifestDocument(origin, subject, null, violations);
  }

  public boolean isValid() {
    return violations.isEmpty();
  }
}
