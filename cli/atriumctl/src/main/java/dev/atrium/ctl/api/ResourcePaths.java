package dev.atrium.ctl.api;

import dev.atrium.core.model.ResourceKind;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Kuma's REST paths: {@code /meshes/{mesh}/{collection}[/{name}]} inside a mesh, {@code /{collection}[/{name}]} beside. */
public final class ResourcePaths {
  private ResourcePaths() {}

  public static String collection(ResourceKind kind, String mesh) {
    return kind.isMeshScoped()
        ? "/meshes/" + segment(mesh) + "/" + kind.collection()
        : "/" + kind.collection();
  }

  public static String item(ResourceKind kind, String mesh, String name) {
    return collection(kind, mesh) + "/" + segment(name);
  }

  /** Names are DNS-like, but a stray character must not change which path is requested. */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
