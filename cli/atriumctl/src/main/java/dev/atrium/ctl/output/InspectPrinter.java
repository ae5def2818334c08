package dev.atrium.ctl.output;

import java.time.Instant;
import java.util.List;

/** Prints what {@code inspect dataplanes} fetched: the table, or the server's overview list as YAML/JSON. */
public final class InspectPrinter {
  private final OutputFormat format;
  private final Instant now;
  private final java.time.ZoneId zone;

  public InspectPrinter(OutputFormat format, Instant now) {
    this(format, now, java.time.ZoneId.systemDefault());
  }

  /** @param zone where dates (CERT EXPIRATION) are printed: the reader's, as kumactl's */
  public InspectPrinter(OutputFormat format, Instant now, java.time.ZoneId zone) {
    this.format = format;
    this.now = now;
    this.zone = zone;
  }

  public String dataplanes(String mesh, ListPage page) {
    return switch (format) {
      case YAML -> ResourcePrinter.yaml(page.toJson());
      case JSON -> ResourcePrinter.json(page.toJson());
      case TABLE -> table(mesh, page);
    };
  }

  /** A list page as the server sent it, for {@code -o yaml|json}. */
  public String page(ListPage page) {
    return format == OutputFormat.JSON ? ResourcePrinter.json(page.toJson()) : ResourcePrinter.yaml(page.toJson());
  }

  private String table(String mesh, ListPage page) {
    if (page.items().isEmpty()) return "No resources found in mesh " + mesh + ".\n";
    List<DataplaneOverviewItem> items = page.items().stream().map(DataplaneOverviewItem::fromJson).toList();
    String text = InspectTable.of(items, now, zone).render();
    if (page.next() != null) {
      int offset = page.nextOffset().orElse(-1);
      text += "\n" + (offset >= 0 ? ListPage.moreFooter(offset) : "More resources at " + page.next()) + "\n";
    }
    return text;
  }
}
