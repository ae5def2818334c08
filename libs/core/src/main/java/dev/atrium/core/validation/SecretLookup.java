package dev.atrium.core.validation;

import java.util.Optional;

/**
 * Read access to mesh Secrets for write-time checks (a TLS listener's certificate given as
 * {@code secret: name} is parsed when the MeshGateway is written, not when Envoy rejects it).
 */
public interface SecretLookup {
  /** The secret's bytes, or empty when the mesh has no such secret. Only called when {@link #available()}. */
  Optional<byte[]> find(String mesh, String name);

  /** False where secrets cannot be read (e.g. atriumctl's client-side checks): references are then not resolved. */
  default boolean available() {
    return true;
  }

  static SecretLookup unavailable() {
    return new SecretLookup() {
      @Override
      public Optional<byte[]> find(String mesh, String name) {
        return Optional.empty();
      }

      @Override
      public boolean available() {
        return false;
      }
    };
  }
}
