package dev.atrium.webhook.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void escapesSlashAndTildeInKeys() {
    assertThat(JsonPatch.escape("kuma.io/mesh")).isEqualTo("kuma.io~1mesh");
    assertThat(JsonPatch.escape("a~b/c")).isEqualTo("a~0b~1c");
  }

  @Test
  void aMissingMapIsCreatedOnceWithEveryKey() throws Exception {
    JsonNode doc = JSON.readTree("{\"metadata\":{}}");
    JsonPatch patch = new JsonPatch().putInMap(doc, "/metadata/annotations", "a/b", "1").putInMap(doc, "/metadata/annotations", "c", "2");
    assertThat(patch.toJson().toString())
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/metadata/annotations\",\"value\":{\"a/b\":\"1\",\"c\":\"2\"}}]");
  }

  @Test
  void anExistingMapGetsOneOperationPerKey() throws Exception {
    JsonNode doc = JSON.readTree("{\"metadata\":{\"annotations\":{\"x\":\"y\"}}}");
    JsonPatch patch = new JsonPatch().putInMap(doc, "/metadata/annotations", "a/b", "1");
    assertThat(patch.toJson().toString())
        .isEqualTo("[{\"op\":\"add\",\"path\":\"/metadata/annotations/a~1b\",\"value\":\"1\"}]");
  }

  @Test
  void arraysAreCreatedAppendedAndPrepended() throws Exception {
    JsonNode doc = JSON.readTree("{\"spec\":{\"containers\":[{\"name\":\"app\"}]}}");
    JsonPatch patch = new JsonPatch()
        .append(doc, "/spec/initContainers", JsonNodeFactory.instance.textNode("i1"))
        .append(doc, "/spec/initContainers", JsonNodeFactory.instance.textNode("i2"))
        .prepend(doc, "/spec/containers", JsonNodeFactory.instance.textNode("s"))
        .append(doc, "/spec/containers", JsonNodeFactory.instance.textNode("t"));
    assertThat(patch.toJson().toString()).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/initContainers\",\"value\":[\"i1\",\"i2\"]},"
        + "{\"op\":\"add\",\"path\":\"/spec/containers/0\",\"value\":\"s\"},"
        + "{\"op\":\"add\",\"path\":\"/spec/containers/-\",\"value\":\"t\"}]");
  }
}
