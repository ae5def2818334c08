package dev.atrium.store.service;

/** The resource (or the mesh it is addressed in) does not exist. */
public class ResourceNotFoundException extends RuntimeException {
  private final boolean meshMissing;

  public ResourceNotFoundException(String message, boolean meshMissing) {
    super(message);
    this.meshMissing = meshMissing;
  }

  /** True when the mesh named in the request is the missing thing. */
  public boolean meshMissing() {
    return meshMissing;
  }
}
