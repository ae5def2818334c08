package dev.atrium.core.validation;

import dev.atrium.core.model.Resource;
import java.util.regex.Pattern;

/**
 * Name and mesh of every resource (Kuma's meta_validator.go). Names are RFC 1123 subdomains; mesh
 * references use the older, looser rule because a Mesh created before the stricter rule may still
 * carry an underscore, and resources inside it must stay writable.
 */
final class MetaValidator {
  private MetaValidator() {}

  private static final Pattern NAME =
      Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
  private static final String NAME_MESSAGE = "invalid characters. A lowercase RFC 1123 subdomain must consist of lower"
      + " case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  private static final Pattern MESH = Pattern.compile("^[0-9a-z\\-_.]*$");
  private static final String MESH_MESSAGE =
      "invalid characters. Valid characters are numbers, lowercase latin letters and '-', '_', '.' symbols.";

  static void validate(Resource r, Violations v) {
    identifier(v, FieldPath.root().field("name"), r.name(), NAME, NAME_MESSAGE);
    if (r.kind().isMeshScoped()) identifier(v, FieldPath.root().field("mesh"), r.mesh(), MESH, MESH_MESSAGE);
  }

  private static void identifier(Violations v, FieldPath path, String value, Pattern rule, String message) {
    if (value == null || value.isEmpty()) {
      v.add(path, "cannot be empty");
    } else if (value.length() > 253) {
      v.add(path, "value length must less or equal 253");
    } else if (!rule.matcher(value).matches()) {
      v.add(path, message);
    }
  }
}
