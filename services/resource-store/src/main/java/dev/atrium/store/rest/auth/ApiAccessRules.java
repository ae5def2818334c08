package dev.atrium.store.rest.auth;

import dev.atrium.core.model.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which callers may make a REST request, decided from its method and path alone (so endpoints added
 * later are covered without code of their own):
 * <ul>
 *   <li>Secrets and GlobalSecrets, read or written, and everything under {@code /tokens/}: admins only
 *       (Kuma's static access: {@code adminResources}, {@code generateDpToken}, {@code generateUserToken},
 *       {@code generateZoneToken});
 *   <li>other reads: anyone (Kuma's defaults let anonymous callers read config dumps, stats, metadata);
 *   <li>other writes: authenticated users only — Kuma lets anonymous callers write; Atrium does not
 *       (docs/adr/0011-anonymous-callers-read-only.md).
 * </ul>
 */
public final class ApiAccessRules {
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
  private static final Set<ResourceKind> ADMIN_KINDS = Set.of(ResourceKind.SECRET, ResourceKind.GLOBAL_SECRET);

  private ApiAccessRules() {}

  /**
   * @param method the HTTP method
   * @param decodedPath the request path, percent-decoded
   * @param matchedCollection the {@code {collection}} path parameter the request was routed with, if any
   *     (the path the router saw and the one split here can differ, e.g. with an encoded slash: the
   *     stricter reading wins)
   */
  public static AccessRule classify(String method, String decodedPath, Optional<String> matchedCollection) {
    AccessRule byPath = classify(method, segments(decodedPath));
    return matchedCollection.map(c -> AccessRule.stricter(byPath, forCollection(method, c))).orElse(byPath);
  }

  static AccessRule classify(String method, List<String> segments) {
    if (segments.isEmpty()) return AccessRule.ANYONE;
    if (segments.get(0).equals("tokens")) return forToken(segments.size() > 1 ? segments.get(1) : "");
    boolean inMesh = segments.get(0).equals("meshes") && segments.size() >= 3;
    return forCollection(method, inMesh ? segments.get(2) : segments.get(0));
  }

  private static AccessRule forCollection(String method, String collection) {
    Optional<ResourceKind> kind = ResourceKind.byCollection(collection);
    String action = kind.map(k -> "the resource of type \"" + k.typeName() + "\"").orElse("the resource \"" + collection + "\"");
    if (kind.isPresent() && ADMIN_KINDS.contains(kind.get())) return new AccessRule(AccessRule.Level.ADMIN, action);
    if (READS.contains(method.toUpperCase(Locale.ROOT))) return AccessRule.ANYONE;
    return new AccessRule(AccessRule.Level.AUTHENTICATED, action);
  }

  private static AccessRule forToken(String type) {
    return switch (type) {
      case "dataplane" -> new AccessRule(AccessRule.Level.ADMIN, "generate dataplane token");
      // Kuma's user-token service answers a refusal with a bare "action not allowed".
      case "user" -> new AccessRule(AccessRule.Level.ADMIN, null);
      case "zone" -> new AccessRule(AccessRule.Level.ADMIN, "generate zone token");
      default -> new AccessRule(AccessRule.Level.ADMIN, "generate token");
    };
  }

  /** Path segments as a router sees them: empty ones and "." dropped, ".." going up. */
  static List<String> segments(String decodedPath) {
    List<String> out = new ArrayList<>();
    for (String s : decodedPath.split("/")) {
      if (s.isEmpty() || s.equals(".")) continue;
      if (s.equals("..")) {
        if (!out.isEmpty()) out.remove(out.size() - 1);
        continue;
      }
      out.add(s);
    }
    return out;
  }
}
