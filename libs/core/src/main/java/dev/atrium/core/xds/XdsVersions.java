package dev.atrium.core.xds;

import com.google.protobuf.Message;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * Content versions: the hex SHA-256 of the resources' own SHA-256 digests in order, each digest that
 * of the resource's deterministic serialization (fixed length, so no two lists share a byte stream).
 * Equal content gives an equal version on every replica and every restart, so an unchanged
 * configuration is never pushed again; each resource's own digest is its version too, which delta xDS
 * compares with the versions a reconnecting proxy reports; a resource shared by many proxies ({@link SharedResources}) is
 * serialized once for all of them.
 *
 * <p>Deterministic serialization orders map entries; the embedded {@code Any} payloads are packed
 * from messages without map fields, so their bytes are stable too.
 */
final class XdsVersions {
  private XdsVersions() {}

  /** A type's version and, in the same order as its resources, each resource's own. */
  record Versions(String type, List<String> resources) {}

  static String of(List<Message> sortedResources) {
    return of(sortedResources, SharedResources.none()).type();
  }

  static Versions of(List<Message> sortedResources, SharedResources shared) {
    MessageDigest sha256 = SharedResources.newSha256();
    List<String> each = new ArrayList<>(sortedResources.size());
    for (Message resource : sortedResources) {
      SharedResources.Digest digest = shared.digest(resource);
      sha256.update(digest.bytes());
      each.add(digest.hex());
    }
    return new Versions(HexFormat.of().formatHex(sha256.digest()), Collections.unmodifiableList(each));
  }
}
