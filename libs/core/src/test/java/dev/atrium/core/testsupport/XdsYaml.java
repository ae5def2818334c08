package dev.atrium.core.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.atrium.core.codec.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Envoy protos as Envoy's own JSON/YAML (proto field names, {@code @type} on every Any), the form
 * Envoy's docs and {@code config_dump} use: for golden files and for the bootstrap given to Envoy.
 */
public final class XdsYaml {
  private XdsYaml() {}

  /**
   * Every message type Atrium packs into an Any (and the test bootstrap's HTTP/2 options); printing
   * fails loudly on one missing here.
   */
  public static final JsonFormat.TypeRegistry TYPES = dev.atrium.core.xds.EnvoyYaml.TYPES;

  private static final JsonFormat.Printer PRINTER = JsonFormat.printer()
      .usingTypeRegistry(TYPES)
      .preservingProtoFieldNames();

  public static String json(Message message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
    }
  }

  /** A YAML list of {@code resources}, each as Envoy's JSON would have it. */
  public static String yaml(List<? extends Message> resources) {
    try {
      ArrayNode list = Mappers.JSON.createArrayNode();
      for (Message m : resources) list.add(Mappers.JSON.readTree(json(m)));
      return resources.isEmpty() ? "[]\n" : Mappers.YAML.writeValueAsString(list);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode tree(Message message) {
    try {
      return Mappers.JSON.readTree(json(message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
