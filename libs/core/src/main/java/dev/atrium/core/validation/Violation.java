package dev.atrium.core.validation;

/**
 * One thing wrong with a resource: the field path in Kuma's notation
 * ({@code conf.listeners[1].hostname}, {@code networking.inbound[0].tags["kuma.io/service"]}) and what is
 * wrong with it. An empty field means the document as a whole (e.g. unparseable YAML).
 */
public record Violation(String field, String message) {
  @Override
  public String toString() {
    return (field.isEmpty() ? "" : field + ": ") + message;
  }
}
