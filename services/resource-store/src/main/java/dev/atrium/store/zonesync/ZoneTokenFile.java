package dev.atrium.store.zonesync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * This zone's zone token, read from its file and read again whenever the file's modification time or
 * size changes, so an operator (or a Secret's mounted update) rotates it without a restart. The token
 * itself is never part of a message or a log line; only the file's path is.
 */
final class ZoneTokenFile {
  private final Path file;
  // Guarded by this: the token read last and the file's stamp at that read.
  private String token;
  private long modified = Long.MIN_VALUE;
  private long size = -1;

  ZoneTokenFile(Path file) {
    this.file = file;
  }

  Path path() {
    return file;
  }

  /**
   * The token in the file now (surrounding white space removed).
   *
   * @throws IOException naming the file when it cannot be read or is empty
   */
  synchronized String token() throws IOException {
    BasicFileAttributes stamp = Files.readAttributes(file, BasicFileAttributes.class);
    long m = stamp.lastModifiedTime().toMillis();
    if (token == null || m != modified || stamp.size() != size) {
      String read = Files.readString(file, StandardCharsets.US_ASCII).strip();
      if (read.isEmpty()) throw new IOException("the zone token file " + file + " is empty");
      token = read;
      modified = m;
      size = stamp.size();
    }
    return token;
  }
}
