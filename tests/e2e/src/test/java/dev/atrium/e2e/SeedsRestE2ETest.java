package dev.atrium.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.testing.Seeds;
import dev.atrium.testing.http.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every YAML example of the seeds, verbatim, PUT with the real {@code curl} (one request per
 * document, as the REST API takes one resource per PUT), then read back equal.
 */
class SeedsRestE2ETest extends WithStore {
  static final List<String> SEEDS = Seeds.FILES;
  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");


  @ParameterizedTest
  @FieldSource("SEEDS")
  void seedAppliesVerbatimWithCurlAndReadsBackEqual(String file) throws Exception {
    for (String document : DOCUMENT_SEPARATOR.split(Seeds.read(file))) {
      Resource sent = ResourceCodec.decode(document);
      String url = store.apiUrl() + "/meshes/" + sent.mesh() + "/" + sent.kind().collection() + "/" + sent.name();
      Path body = Files.writeString(storeDir.resolve("body.yaml"), document, StandardCharsets.UTF_8);
      Curl.Result put = Curl.run("-X", "PUT", "-H", "content-type: application/yaml", "--data-binary", "@" + body, url);
      assertThat(put.status()).as(put.body()).isIn(200, 201);

      Http.Reply get = Http.get(url);
      assertThat(get.status()).isEqualTo(200);
      Resource stored = ResourceCodec.decode(get.json());
      assertThat(stored.kind()).isEqualTo(sent.kind());
      assertThat(stored.mesh()).isEqualTo(sent.mesh());
      assertThat(stored.name()).isEqualTo(sent.name());
      assertThat(ZoneTag.checkedAndRemoved(stored, "default").spec()).isEqualTo(sent.spec());
      assertThat(stored.meta().labels()).containsAllEntriesOf(sent.meta().labels());
    }
  }
}
