package dev.atrium.ctl.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.model.ResourceKind;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * Turns what {@code get} fetched into text. YAML and JSON re-emit the server's tree as received, so
 * server-side fields (creationTime, modificationTime, labels, kri) and field order survive; the table
 * is built from decoded resources.
 */
public final class ResourcePrinter {
  private final OutputFormat format;
  private final Instant now;

  public ResourcePrinter(OutputFormat format, Instant now) {
    this.format = format;
    this.now = now;
  }

  public String single(ResourceKind kind, JsonNode item) {
    return switch (format) {
      case TABLE -> ResourceTable.of(kind, List.of(ListedResource.fromJson(item)), now).render();
      case YAML -> yaml(item);
      case JSON -> json(item);
    };
  }

  /** @param mesh the mesh listed, for the "No resources found" line; ignored for kinds outside meshes */
  public String list(ResourceKind kind, String mesh, ListPage page) {
    return switch (format) {
      case YAML -> yaml(page.toJson());
      case JSON -> json(page.toJson());
      case TABLE -> table(kind, mesh, page);
    };
  }

  private String table(ResourceKind kind, String mesh, ListPage page) {
    if (page.items().isEmpty()) {
      return kind.isMeshScoped() ? "No resources found in mesh " + mesh + ".\n" : "No resources found.\n";
    }
    List<ListedResource> items = page.items().stream().map(ListedResource::fromJson).toList();
    String text = ResourceTable.of(kind, items, now).render();
    if (page.next() != null) {
      // Without an offset in the URL (a server that words next differently), assume plain paging.
      int offset = page.nextOffset().orElse(-1);
      text += "\n" + (offset >= 0 ? ListPage.moreFooter(offset) : "More resources at " + page.next()) + "\n";
    }
    return text;
  }

  static String yaml(JsonNode tree) {
    try {
      return Mappers.YAML.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String json(JsonNode tree) {
    try {
      return Mappers.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
