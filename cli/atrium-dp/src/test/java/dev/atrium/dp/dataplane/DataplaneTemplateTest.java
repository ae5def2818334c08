package dev.atrium.dp.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.dp.AgentException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataplaneTemplateTest {

  @Test
  void replacesPlaceholdersWrittenWithAndWithoutSpaces() {
    String rendered = DataplaneTemplate.render("name: {{ name }}\naddress: {{address}}\nport: {{  port  }}\n",
        Map.of("name", "gw-1", "address", "127.0.0.1", "port", "8080"));

    assertThat(rendered).isEqualTo("name: gw-1\naddress: 127.0.0.1\nport: 8080\n");
  }

  @Test
  void replacesEveryOccurrenceAndLeavesOtherTextAlone() {
    String rendered = DataplaneTemplate.render("a: {{ x }}-{{ x }}\nb: {not a placeholder}\nc: $x\n", Map.of("x", "1"));

    assertThat(rendered).isEqualTo("a: 1-1\nb: {not a placeholder}\nc: $x\n");
  }

  @Test
  void valuesAreInsertedLiterally() {
    assertThat(DataplaneTemplate.render("v: {{ v }}", Map.of("v", "$1 \\ {{ w }}"))).isEqualTo("v: $1 \\ {{ w }}");
  }

  @Test
  void anUnknownPlaceholderIsAnErrorNamingItAndTheFlagToPass() {
    assertThatThrownBy(() -> DataplaneTemplate.render("name: {{ name }}\naddress: {{ address }}\n", Map.of("name", "gw-1")))
        .isInstanceOf(AgentException.class)
        .hasMessage("Error: the Dataplane file uses {{ address }} but no value was given: pass --dataplane-var address=VALUE");
  }

  @Test
  void everyUnknownPlaceholderIsNamedOnce() {
    assertThatThrownBy(() -> DataplaneTemplate.render("{{ b }} {{ a }} {{ b }}", Map.of()))
        .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.lines()).hasSize(2)
            .anySatisfy(l -> assertThat(l).contains("{{ a }}"))
            .anySatisfy(l -> assertThat(l).contains("{{ b }}")));
  }

  @Test
  void varsAreKeyEqualsValueAndTheValueMayContainEquals() {
    assertThat(DataplaneTemplate.parseVars(List.of("name=gw-1", "token=a=b", "empty=")))
        .containsExactly(Map.entry("name", "gw-1"), Map.entry("token", "a=b"), Map.entry("empty", ""));
  }

  @Test
  void aLaterVarOverridesAnEarlierOne() {
    assertThat(DataplaneTemplate.parseVars(List.of("name=a", "name=b"))).containsExactly(Map.entry("name", "b"));
  }

  @Test
  void aVarWithoutKeyOrEqualsIsRejected() {
    assertThatThrownBy(() -> DataplaneTemplate.parseVars(List.of("name")))
        .isInstanceOf(AgentException.class).hasMessage("Error: --dataplane-var name is not key=value");
    assertThatThrownBy(() -> DataplaneTemplate.parseVars(List.of("=x")))
        .isInstanceOf(AgentException.class).hasMessageContaining("=x is not key=value");
  }
}
