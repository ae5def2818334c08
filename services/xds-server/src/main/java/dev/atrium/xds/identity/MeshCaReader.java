package dev.atrium.xds.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.model.mesh.MeshSpec;
import dev.atrium.core.model.mesh.MeshSpec.CertificateAuthorityBackend;
import dev.atrium.core.model.secret.SecretSpec;
import dev.atrium.core.snapshot.MeshSnapshot;
import dev.atrium.security.pem.Pem;
import dev.atrium.security.tls.IssuedCertificate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A mesh's enabled CA from its resources: for {@code builtin}, the mesh Secrets
 * {@code <mesh>.ca-builtin-cert-<backend>} and {@code <mesh>.ca-builtin-key-<backend>} the
 * resource-store's CA owner writes; for {@code provided}, the backend's {@code conf.cert} and
 * {@code conf.key} data sources ({@code secret}, {@code inline}, {@code inlineString}, or a {@code file}
 * on the control plane's machine, as Kuma reads it). Errors name the mesh, backend and resource.
 */
public final class MeshCaReader {
  private MeshCaReader() {}

  public static String builtinCertSecret(String mesh, String backend) {
    return mesh + ".ca-builtin-cert-" + backend;
  }

  public static String builtinKeySecret(String mesh, String backend) {
    return mesh + ".ca-builtin-key-" + backend;
  }

  /** The mesh Secrets the enabled CA is read from (none when mTLS is off or the CA is inline or a file). */
  public static java.util.Set<String> secretNames(String mesh, MeshSpec spec) {
    Optional<CertificateAuthorityBackend> enabled = spec.enabledBackend();
    if (enabled.isEmpty()) return java.util.Set.of();
    CertificateAuthorityBackend backend = enabled.get();
    if (CertificateAuthorityBackend.BUILTIN.equals(backend.type())) {
      return java.util.Set.of(builtinCertSecret(mesh, backend.name()), builtinKeySecret(mesh, backend.name()));
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    JsonNode conf = backend.conf();
    if (conf != null) {
      for (String field : List.of("cert", "key")) {
        JsonNode secret = conf.path(field).path("secret");
        if (secret.isTextual()) names.add(secret.asText());
      }
    }
    return names;
  }

  /** @return empty when the mesh has mTLS off */
  public static Optional<MeshCa> read(MeshSnapshot mesh) {
    Optional<CertificateAuthorityBackend> enabled = mesh.mesh().specAs(MeshSpec.class).enabledBackend();
    if (enabled.isEmpty()) return Optional.empty();
    CertificateAuthorityBackend backend = enabled.get();
    String where = "mesh \"" + mesh.name() + "\" mTLS backend \"" + backend.name() + "\" (" + backend.type() + ")";
    String certPem;
    String keyPem;
    if (CertificateAuthorityBackend.BUILTIN.equals(backend.type())) {
      certPem = secret(mesh, builtinCertSecret(mesh.name(), backend.name()), where, "its CA certificate");
      keyPem = secret(mesh, builtinKeySecret(mesh.name(), backend.name()), where, "its CA key");
    } else if (CertificateAuthorityBackend.PROVIDED.equals(backend.type())) {
      JsonNode conf = backend.conf();
      certPem = dataSource(mesh, conf == null ? null : conf.get("cert"), where, "conf.cert");
      keyPem = dataSource(mesh, conf == null ? null : conf.get("key"), where, "conf.key");
    } else {
      throw new IdentityException(where + ": no CA of this type can issue proxy certificates");
    }
    List<X509Certificate> certs;
    PrivateKey key;
    try {
      certs = Pem.certificates(certPem);
      key = Pem.privateKey(keyPem);
    } catch (IllegalArgumentException e) {
      // The parser's message names the PEM problem, never the bytes.
      throw new IdentityException(where + ": unreadable CA certificate or key: " + e.getMessage());
    }
    if (certs.isEmpty()) throw new IdentityException(where + ": the CA certificate holds no PEM certificate");
    return Optional.of(new MeshCa(mesh.name(), backend.name(), backend.type(),
        new IssuedCertificate(certs.get(0), key, certs.subList(1, certs.size())), certPem));
  }

  private static String secret(MeshSnapshot mesh, String name, String where, String what) {
    Optional<Resource> found = mesh.get(ResourceKind.SECRET, name);
    byte[] data = found.map(r -> r.specAs(SecretSpec.class).data()).orElse(null);
    if (data == null || data.length == 0) {
      throw new IdentityException(where + ": " + what + " Secret \"" + name + "\" does not exist"
          + (found.isPresent() ? " with data" : "") + " in mesh \"" + mesh.name() + "\" (yet)");
    }
    return new String(data, StandardCharsets.UTF_8);
  }

  private static String dataSource(MeshSnapshot mesh, JsonNode source, String where, String field) {
    if (source == null || !source.isObject()) throw new IdentityException(where + ": " + field + " is not set");
    if (source.hasNonNull("secret")) return secret(mesh, source.get("secret").asText(), where, field);
    if (source.hasNonNull("inlineString")) return source.get("inlineString").asText();
    if (source.hasNonNull("inline_string")) return source.get("inline_string").asText();
    if (source.hasNonNull("inline")) {
      try {
        return new String(Base64.getDecoder().decode(source.get("inline").asText()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IdentityException(where + ": " + field + ".inline is not base64");
      }
    }
    if (source.hasNonNull("file")) {
      Path file = Path.of(source.get("file").asText());
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new IdentityException(where + ": " + field + ".file \"" + file + "\" cannot be read on the control plane: " + e);
      }
    }
    throw new IdentityException(where + ": " + field + " names none of secret, inline, inlineString, file");
  }
}
