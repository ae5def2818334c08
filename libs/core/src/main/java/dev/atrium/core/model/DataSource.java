package dev.atrium.core.model;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where bytes such as a certificate come from: exactly one of a mesh Secret's name, a file on the
 * proxy's machine, base64 inline bytes, or an inline string.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record DataSource(String secret, String file, byte[] inline, @JsonAlias("inline_string") String inlineString) {

  /** How many of the alternatives are set; exactly one is valid. */
  public int alternativesSet() {
    int n = 0;
    if (secret != null && !secret.isEmpty()) n++;
    if (file != null && !file.isEmpty()) n++;
    if (inline != null && inline.length > 0) n++;
    if (inlineString != null && !inlineString.isEmpty()) n++;
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DataSource d && java.util.Objects.equals(secret, d.secret)
        && java.util.Objects.equals(file, d.file) && java.util.Arrays.equals(inline, d.inline)
        && java.util.Objects.equals(inlineString, d.inlineString);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(secret, file, java.util.Arrays.hashCode(inline), inlineString);
  }
}
