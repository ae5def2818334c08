package dev.atrium.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.validation.InvalidResourceException;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kuma's list semantics: size bounds, offset, next link with every parameter kept, label filters. */
class ListQueryTest {

  @Test
  void nextLinkKeepsEveryParameterSortedAndMovesTheOffset() {
    ListQuery q = ListQuery.parse(params(Map.of("size", "2", "name", "gw", "filter[labels.team]", "edge")));
    String next = q.nextUrl(URI.create("http://cp:5681/meshes/default/meshgateways?size=2&name=gw"), 5);
    assertThat(next).isEqualTo(
        "http://cp:5681/meshes/default/meshgateways?filter%5Blabels.team%5D=edge&name=gw&offset=2&size=2");
    assertThat(ListQuery.parse(params(Map.of("size", "2", "offset", "4"))).nextUrl(URI.create("http://cp/meshes"), 5))
        .as("last page").isNull();
  }

  @Test
  void sizeAndOffsetAreChecked() {
    assertThat(ListQuery.parse(params(Map.of())).size()).isEqualTo(100);
    assertThatThrownBy(() -> ListQuery.parse(params(Map.of("size", "0")))).isInstanceOf(InvalidResourceException.class)
        .satisfies(e -> assertThat(((InvalidResourceException) e).violations().get(0).field()).isEqualTo("size"));
    assertThatThrownBy(() -> ListQuery.parse(params(Map.of("size", "1001")))).isInstanceOf(InvalidResourceException.class);
    assertThatThrownBy(() -> ListQuery.parse(params(Map.of("offset", "abc")))).isInstanceOf(InvalidResourceException.class)
        .hasMessageContaining("invalid offset: abc");
    assertThatThrownBy(() -> ListQuery.parse(params(Map.of("filter[spec.x]", "1"))))
        .isInstanceOf(InvalidResourceException.class);
  }

  @Test
  void filtersByNameSubstringAndExactLabel() {
    Resource r = ResourceCodec.decode("""
        type: MeshGateway
        name: edge-gateway
        labels: {team: edge}
        selectors: [{match: {kuma.io/service: edge}}]
        conf: {listeners: [{port: 80, protocol: HTTP}]}
        """);
    assertThat(ListQuery.parse(params(Map.of("name", "edge"))).matches(r)).isTrue();
    assertThat(ListQuery.parse(params(Map.of("name", "core"))).matches(r)).isFalse();
    assertThat(ListQuery.parse(params(Map.of("filter[labels.team]", "edge"))).matches(r)).isTrue();
    assertThat(ListQuery.parse(params(Map.of("filter[labels.team]", "ed"))).matches(r)).isFalse();
  }

  private static MultivaluedMap<String, String> params(Map<String, String> m) {
    MultivaluedMap<String, String> out = new MultivaluedHashMap<>();
    m.forEach(out::add);
    return out;
  }
}
