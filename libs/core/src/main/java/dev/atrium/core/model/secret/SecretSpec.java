package dev.atrium.core.model.secret;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.atrium.core.model.ResourceSpec;
import java.util.Arrays;

/** A mesh-scoped Secret: opaque bytes, base64 in JSON/YAML (Kuma's {@code data} field). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record SecretSpec(byte[] data) implements ResourceSpec {

  @Override
  public boolean equals(Object o) {
    return o instanceof SecretSpec s && Arrays.equals(data, s.data);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    // Never print secret material in logs or exception messages.
    return "SecretSpec[data=<" + (data == null ? 0 : data.length) + " bytes>]";
  }
}
