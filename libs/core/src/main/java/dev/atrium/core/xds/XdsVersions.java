package dev.atrium.core.xds;

import com.google.protobuf.Message;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Content versions: the hex SHA-256 of the resources' own SHA-256 digests in order, each digest that
 * of the resource's deterministic serialization (fixed length, so no two lists share a byte stream).
 * Equal content gives an equal version on every replica and every restart, so an unchanged
 * configuration is never pushed again; a resource shared by many proxies ({@link SharedResources}) is
 * serialized once for all of them.
 *
 * <p>Deterministic serialization orders map entries; the embedded {@code Any} payloads are packed
 * from messages without map fields, so their bytes are stable too.
 */
final class XdsVersions {
  private XdsVersions() {}

  static String of(List<Message> sortedResources) {
    return of(sortedResources, SharedResources.none());
  }

  static String of(List<Message> sortedResources, SharedResources shared) {
    MessageDigest sha256 = SharedResources.newSha256();
    for (Message resource : sortedResources) sha256.update(shared.digest(resource));
    return HexFormat.of().formatHex(sha256.digest());
  }
}
