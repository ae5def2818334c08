package dev.atrium.core.validation;

import java.util.Optional;

/**
 * Read access to mesh Secrets for write-time checks (a TLS listener's certificate given as
 * {@code secret: name} is parsed when the MeshGateway is written, not when Envoy rejects it).
 */
@FunctionalInterface
public interface SecretLookup {
  Optional<byte[]> find(String mesh, String name);

  /** For contexts with no store (e.g. client-side checks in atriumctl): secret references are not resolved. */
  static SecretLookup unavailable() {
    return (mesh, name) -> null;
  }
}
