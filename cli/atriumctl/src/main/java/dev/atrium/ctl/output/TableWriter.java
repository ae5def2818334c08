package dev.atrium.ctl.output;

import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned columns separated by three spaces, as kubectl and kumactl print them. Trailing
 * spaces are trimmed so that output compares cleanly in scripts and tests.
 */
public final class TableWriter {
  static final String GAP = "   ";
  /** What an empty cell shows, so that whitespace-splitting scripts still see every column. */
  public static final String NONE = "<none>";

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public TableWriter(List<String> headers) {
    this.headers = List.copyOf(headers);
  }

  public TableWriter addRow(List<String> cells) {
    if (cells.size() != headers.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size() + " columns");
    }
    rows.add(cells.stream().map(c -> c == null || c.isEmpty() ? NONE : c).toList());
    return this;
  }

  public int rowCount() {
    return rows.size();
  }

  /** The table, one line per row after the header, each ending in a newline. */
  public String render() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) widths[i] = headers.get(i).length();
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) widths[i] = Math.max(widths[i], row.get(i).length());
    }
    StringBuilder sb = new StringBuilder();
    appendLine(sb, headers, widths);
    for (List<String> row : rows) appendLine(sb, row, widths);
    return sb.toString();
  }

  private static void appendLine(StringBuilder sb, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) line.append(GAP);
      line.append(cells.get(i));
      line.append(" ".repeat(widths[i] - cells.get(i).length()));
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }
}
