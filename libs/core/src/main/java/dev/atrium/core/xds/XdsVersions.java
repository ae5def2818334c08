package dev.atrium.core.xds;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Content versions: the hex SHA-256 of the resources' deterministic serialization, each resource
 * length-prefixed so that no two lists share a byte stream. Equal content gives an equal version on
 * every replica and every restart, so an unchanged configuration is never pushed again.
 *
 * <p>Deterministic serialization orders map entries; the embedded {@code Any} payloads are packed
 * from messages without map fields, so their bytes are stable too.
 */
final class XdsVersions {
  private XdsVersions() {}

  static String of(List<Message> sortedResources) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    try (DigestOutputStream digest = new DigestOutputStream(OutputStream.nullOutputStream(), sha256)) {
      CodedOutputStream out = CodedOutputStream.newInstance(digest);
      out.useDeterministicSerialization();
      for (Message resource : sortedResources) {
        out.writeUInt32NoTag(resource.getSerializedSize());
        resource.writeTo(out);
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha256.digest());
  }
}
