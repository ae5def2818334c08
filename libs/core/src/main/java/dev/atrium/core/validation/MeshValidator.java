package dev.atrium.core.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.KumaDuration;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.mesh.MeshSpec.CertificateAuthorityBackend;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Mesh's mTLS section, in Kuma's two steps and order: the resource's own rules (mesh_validator.go:
 * backend count, unique names, {@code dpCert} duration, enabled backend), then the CA plugins' rules
 * (the manager's mesh_validator.go: known type, then the builtin or provided backend's conf). The
 * plugin step is skipped with {@code skipValidation}, as in Kuma. Changes between two versions are
 * {@link MeshUpdateRules}.
 */
final class MeshValidator {
  /** Kuma (open source) allows one CA backend per mesh. */
  static final int ALLOWED_MTLS_BACKENDS = 1;
  /** Kuma's limit on {@code <mesh>.ca-builtin-cert-<backend>}, the builtin CA's Secret name. */
  static final int MAX_BACKEND_NAME_LENGTH = 255;
  /** RSA sizes Atrium generates a CA key of: Go refuses fewer than 1024 bits; more than 8192 takes minutes. */
  static final int MIN_RSA_BITS = 1024;
  static final int MAX_RSA_BITS = 8192;

  /** A DNS name as Kuma checks it (govalidator's IsDNSName), lowercase. */
  private static final Pattern DNS_NAME =
      Pattern.compile("^([a-z0-9_][a-z0-9_-]{0,62})(\\.[a-z0-9_][a-z0-9_-]{0,62})*[._]?$");

  private final ProvidedCaValidator provided;

  MeshValidator(SecretLookup secrets) {
    this.provided = new ProvidedCaValidator(secrets);
  }

  void validate(MeshSpec spec, String mesh, FieldPath root, Violations v) {
    MeshLoggingValidator.validate(spec.logging(), root.field("logging"), v);
    MeshSpec.Mtls mtls = spec.mtls();
    if (mtls == null) return;
    FieldPath path = root.field("mtls");
    FieldPath backendsPath = path.field("backends");
    List<CertificateAuthorityBackend> backends = mtls.backends();
    if (backends.size() > ALLOWED_MTLS_BACKENDS) {
      v.add(backendsPath, "cannot have more than " + ALLOWED_MTLS_BACKENDS + " backends");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < backends.size(); i++) {
      CertificateAuthorityBackend b = backends.get(i);
      String name = b.name() == null ? "" : b.name();
      if (name.isEmpty()) {
        v.add(backendsPath.index(i).field("name"), "cannot be empty");
      } else if (!names.add(name)) {
        v.add(backendsPath.index(i).field("name"), "\"" + name + "\" name is already used for another backend");
      }
      if (b.dpCert() != null && KumaDuration.parse(b.dpCert().rotation() == null ? null : b.dpCert().rotation().expiration()).isEmpty()) {
        // Kuma's path: lowercase and without the backend's index.
        v.add(path.field("dpcert").field("rotation").field("expiration"), "has to be a valid format");
      }
      if (b.mode() != null && !b.mode().isEmpty() && !b.mode().equals(CertificateAuthorityBackend.STRICT)
          && !b.mode().equals(CertificateAuthorityBackend.PERMISSIVE)) {
        v.add(backendsPath.index(i).field("mode"), "invalid value \"" + b.mode() + "\": must be one of [STRICT, PERMISSIVE]");
      }
    }
    String enabled = mtls.enabledBackend();
    if (enabled != null && !enabled.isEmpty() && !names.contains(enabled)) {
      v.add(path.field("enabledBackend"), "has to be set to one of the backends in the mesh");
    }
    plugins(mtls, mesh, backendsPath, v);
  }

  /** The CA managers' checks; like Kuma, an unknown type stops them. */
  private void plugins(MeshSpec.Mtls mtls, String mesh, FieldPath backendsPath, Violations v) {
    for (int i = 0; i < mtls.backends().size(); i++) {
      CertificateAuthorityBackend b = mtls.backends().get(i);
      FieldPath path = backendsPath.index(i);
      boolean builtin = CertificateAuthorityBackend.BUILTIN.equals(b.type());
      if (!builtin && !CertificateAuthorityBackend.PROVIDED.equals(b.type())) {
        v.add(path.field("type"), "could not find installed plugin for this type");
        return;
      }
      if (Boolean.TRUE.equals(mtls.skipValidation())) continue;
      if (builtin) {
        builtin(b, mesh, path, v);
      } else {
        provided.validate(v, path.field("conf"), b.conf(), mesh);
      }
    }
  }

  private static void builtin(CertificateAuthorityBackend b, String mesh, FieldPath path, Violations v) {
    String name = b.name() == null ? "" : b.name();
    String secretName = mesh + ".ca-builtin-cert-" + name;
    if (secretName.length() > MAX_BACKEND_NAME_LENGTH) {
      v.add(path.field("name"), "Backend name is too long. Max length: " + MAX_BACKEND_NAME_LENGTH);
    }
    if (!DNS_NAME.matcher(secretName).matches()) v.add(path.field("name"), "\"" + name + "\" name must be valid dns name");
    builtinConf(b.conf(), path.field("conf"), v);
  }

  /** {@code conf: {caCert: {RSAbits, expiration}}}, nothing else (Kuma's typed config refuses other fields). */
  private static void builtinConf(JsonNode conf, FieldPath path, Violations v) {
    if (conf == null || conf.isNull()) return;
    if (!conf.isObject()) {
      v.add(path, "could not convert backend config: must be an object");
      return;
    }
    conf.fieldNames().forEachRemaining(f -> {
      if (!f.equals("caCert")) v.add(path, "could not convert backend config: unknown field \"" + f + "\"");
    });
    JsonNode caCert = conf.get("caCert");
    if (caCert == null || caCert.isNull()) return;
    FieldPath caPath = path.field("caCert");
    if (!caCert.isObject()) {
      v.add(caPath, "could not convert backend config: must be an object");
      return;
    }
    caCert.fieldNames().forEachRemaining(f -> {
      if (!f.equals("RSAbits") && !f.equals("expiration")) {
        v.add(caPath, "could not convert backend config: unknown field \"" + f + "\"");
      }
    });
    JsonNode bits = caCert.get("RSAbits");
    if (bits != null && !bits.isNull()) {
      int n = rsaBits(bits);
      if (n < MIN_RSA_BITS || n > MAX_RSA_BITS) {
        v.add(caPath.field("RSAbits"), "has to be a whole number between " + MIN_RSA_BITS + " and " + MAX_RSA_BITS);
      }
    }
    JsonNode expiration = caCert.get("expiration");
    if (expiration != null && !expiration.isNull()
        && (!expiration.isTextual() || KumaDuration.parse(expiration.asText()).filter(d -> !d.isZero()).isEmpty())) {
      v.add(caPath.field("expiration"), "has to be a valid format");
    }
  }

  /**
   * {@code RSAbits} as Kuma's JSON reads a uint32 wrapper: a whole number, or a string of digits;
   * -1 when it is neither.
   */
  static int rsaBits(JsonNode bits) {
    if (bits.isIntegralNumber() && bits.canConvertToInt()) return bits.intValue();
    if (bits.isTextual() && bits.asText().matches("\\d{1,9}")) return Integer.parseInt(bits.asText());
    return -1;
  }
}
