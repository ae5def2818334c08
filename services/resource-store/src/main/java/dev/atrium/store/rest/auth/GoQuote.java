package dev.atrium.store.rest.auth;

/** Go's {@code %q} for the strings Kuma quotes in messages (user names come from tokens: anything). */
final class GoQuote {
  private GoQuote() {}

  static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) out.append(String.format("\\x%02x", c));
          else if (!Character.isDefined(c) || Character.getType(c) == Character.SURROGATE) out.append("\\ufffd");
          else out.appendCodePoint(c);
        }
      }
    });
    return out.append('"').toString();
  }
}
