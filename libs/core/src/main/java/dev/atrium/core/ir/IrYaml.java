package dev.atrium.core.ir;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.policy.Origin;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The IR as YAML: for golden files, debugging and "inspect" output. Durations read as ISO-8601 (PT5S). */
public final class IrYaml {
  private IrYaml() {}

  private static final ObjectMapper MAPPER = Mappers.YAML.copy()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      // An origin reads as one line, "MeshHTTPRoute/api spec.to[0].rules[1]", not a nested map.
      .registerModule(new SimpleModule().addSerializer(Origin.class, new StdSerializer<>(Origin.class) {
        @Override
        public void serialize(Origin origin, JsonGenerator out, SerializerProvider provider) throws IOException {
          out.writeString(origin.describe());
        }
      }));

  public static String render(ProxyIr ir) {
    try {
      return MAPPER.writeValueAsString(ir);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
