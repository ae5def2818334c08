package dev.atrium.store.rest;

/**
 * The human names {@code GET /_resources} gives each kind ("Mesh HTTP Route", "Mesh Retries"): the
 * GUI shows them, so they follow Kuma's spelling — words split at case changes, acronyms kept whole,
 * English plurals.
 */
final class DisplayNames {
  private DisplayNames() {}

  static String singular(String typeName) {
    return String.join(" ", typeName.split("(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])"))
        .replace("Open Telemetry", "OpenTelemetry");
  }

  static String plural(String typeName) {
    String singular = singular(typeName);
    if (singular.matches(".*[^aeiou]y")) {
      return singular.substring(0, singular.length() - 1) + "ies";
    }
    if (singular.matches(".*(s|S|sh|ch|x)")) {
      return singular + "es";
    }
    return singular + "s";
  }
}
