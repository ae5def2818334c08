package dev.atrium.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.atrium.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/helm.md's tables name every key of values.yaml, so a new value cannot go undocumented. */
class ChartDocsTest {
  /** Keys every component has, documented once as `<component>.key`. */
  private static final Set<String> COMPONENTS = Set.of("store", "xds", "webhook", "metrics");
  private static final Set<String> SHARED = Set.of("resources", "podDisruptionBudget.enabled",
      "podDisruptionBudget.maxUnavailable", "podAnnotations", "podLabels", "nodeSelector", "tolerations", "affinity",
      "topologySpreadConstraints", "priorityClassName", "extraEnv");
  /** Objects documented as one value rather than key by key. */
  private static final Set<String> WHOLE = Set.of("podSecurityContext", "containerSecurityContext", "resources",
      "namespaceSelector", "issuerRef", "commonLabels", "annotations", "labels", "podAnnotations", "podLabels",
      "nodeSelector", "affinity");

  @Test
  void everyValueIsDocumented() throws IOException {
    String docs = Files.readString(RepoPaths.root().resolve("docs/helm.md"));
    JsonNode values = Manifests.yamlTree(Files.readString(Helm.chart().resolve("values.yaml")));
    List<String> keys = new ArrayList<>();
    leaves("", values, keys);
    assertThat(keys).hasSizeGreaterThan(50);
    List<String> missing = new ArrayList<>();
    for (String key : keys) {
      String component = key.substring(0, key.indexOf('.') < 0 ? key.length() : key.indexOf('.'));
      String rest = key.substring(component.length() + (key.contains(".") ? 1 : 0));
      boolean shared = COMPONENTS.contains(component) && SHARED.contains(rest);
      String documented = shared ? "`<component>." + rest + "`" : "`" + key + "`";
      if (!docs.contains(documented)) missing.add(key);
    }
    assertThat(missing).as("values.yaml keys missing from docs/helm.md").isEmpty();
  }

  private static void leaves(String prefix, JsonNode node, List<String> out) {
    node.fields().forEachRemaining(e -> {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject() && e.getValue().size() > 0 && !WHOLE.contains(e.getKey())) {
        leaves(key, e.getValue(), out);
      } else {
        out.add(key);
      }
    });
  }
}
