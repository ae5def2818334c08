package dev.atrium.core.translate;

/** The proxy asked for has no Dataplane in the mesh (it was deleted, or the proxy names the wrong mesh). */
public final class UnknownDataplaneException extends RuntimeException {
  private final String mesh;
  private final String dataplane;

  public UnknownDataplaneException(String mesh, String dataplane) {
    super("Dataplane \"" + dataplane + "\" not found in mesh \"" + mesh + "\"");
    this.mesh = mesh;
    this.dataplane = dataplane;
  }

  public String mesh() {
    return mesh;
  }

  public String dataplane() {
    return dataplane;
  }
}
