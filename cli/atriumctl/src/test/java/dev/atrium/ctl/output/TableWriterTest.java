package dev.atrium.ctl.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableWriterTest {

  @Test
  void alignsColumnsToTheWidestCellWithThreeSpaces() {
    String text = new TableWriter(List.of("MESH", "NAME", "AGE"))
        .addRow(List.of("default", "edge-gateway", "5d"))
        .addRow(List.of("m", "g", "45s"))
        .render();

    assertThat(text).isEqualTo("""
        MESH      NAME           AGE
        default   edge-gateway   5d
        m         g              45s
        """);
  }

  @Test
  void trimsTrailingSpacesAndMarksEmptyCells() {
    String text = new TableWriter(List.of("NAME", "TAGS"))
        .addRow(List.of("a-long-name", ""))
        .addRow(List.of("b", "x=y"))
        .render();

    assertThat(text.lines()).noneMatch(l -> l.endsWith(" "));
    assertThat(text).contains("a-long-name   <none>");
  }

  @Test
  void headerOnlyTableIsOneLine() {
    assertThat(new TableWriter(List.of("NAME", "AGE")).render()).isEqualTo("NAME   AGE\n");
  }

  @Test
  void rejectsRowsOfTheWrongWidth() {
    TableWriter table = new TableWriter(List.of("NAME", "AGE"));
    assertThatThrownBy(() -> table.addRow(List.of("only-one"))).isInstanceOf(IllegalArgumentException.class);
  }
}
