package dev.atrium.core.ir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.atrium.core.codec.Mappers;
import java.io.UncheckedIOException;

/** The IR as YAML: for golden files, debugging and "inspect" output. Durations read as ISO-8601 (PT5S). */
public final class IrYaml {
  private IrYaml() {}

  private static final ObjectMapper MAPPER = Mappers.YAML.copy()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

  public static String render(ProxyIr ir) {
    try {
      return MAPPER.writeValueAsString(ir);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
