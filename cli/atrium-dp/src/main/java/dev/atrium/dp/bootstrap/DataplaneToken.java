package dev.atrium.dp.bootstrap;

import dev.atrium.dp.AgentException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The dataplane token the agent presents (kuma-dp's {@code --dataplane-token} or
 * {@code --dataplane-token-file}): sent in the bootstrap request, from where the control plane puts it
 * into Envoy's ADS metadata. Never printed: {@link #toString()} hides it.
 *
 * @param value the token, or null when none was given
 * @param path the file it was read from, or null
 */
public record DataplaneToken(String value, Path path) {
  public static final DataplaneToken NONE = new DataplaneToken(null, null);

  /** {@code value} wins over {@code file} (kuma-dp writes a given value to a file and reads that). */
  public static DataplaneToken of(String value, Path file) {
    if (value != null && !value.isBlank()) return new DataplaneToken(value.strip(), file);
    if (file == null) return NONE;
    try {
      String read = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (read.isEmpty()) throw new AgentException("Error: the dataplane token file " + file + " is empty");
      return new DataplaneToken(read, file);
    } catch (IOException e) {
      throw new AgentException("Error: could not read the dataplane token file " + file + ": "
          + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  @Override
  public String toString() {
    return value == null ? "DataplaneToken[none]" : "DataplaneToken[<hidden>" + (path == null ? "" : ", " + path) + "]";
  }
}
