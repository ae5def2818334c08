package dev.atrium.dp.dataplane;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.core.validation.Violation;
import dev.atrium.dp.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code --dataplane-file}: rendered with the {@code --dataplane-var}s, then decoded with the same
 * codec the control plane uses, so a typo is reported here with its field path instead of after a
 * round trip. Deeper checks (ports, tags, gateway rules) are the control plane's, on bootstrap.
 */
public final class DataplaneFile {
  private DataplaneFile() {}

  public static Resource load(Path file, Map<String, String> vars) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new AgentException("Error: the Dataplane file " + file + " does not exist");
    } catch (IOException e) {
      throw new AgentException("Error: cannot read the Dataplane file " + file + ": " + e.getMessage());
    }
    return decode(file.toString(), DataplaneTemplate.render(text, vars));
  }

  /** Decodes rendered text; {@code source} names it in messages. */
  public static Resource decode(String source, String text) {
    Resource resource;
    try {
      resource = ResourceCodec.decode(text);
    } catch (InvalidResourceException e) {
      List<String> lines = new ArrayList<>();
      lines.add("Error: " + source + " is not a valid Dataplane:");
      for (Violation v : e.violations()) lines.add("  " + v);
      throw new AgentException(lines);
    }
    if (resource.kind() != ResourceKind.DATAPLANE) {
      throw new AgentException("Error: " + source + " holds a " + resource.kind().typeName() + ", not a Dataplane");
    }
    if (resource.mesh() == null || resource.mesh().isBlank()) {
      throw new AgentException("Error: " + source + " has no mesh: the Dataplane needs 'mesh:'");
    }
    return resource;
  }
}
