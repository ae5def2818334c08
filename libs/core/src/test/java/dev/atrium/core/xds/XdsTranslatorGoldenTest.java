package dev.atrium.core.xds;

import dev.atrium.core.ir.ProxyIr;
import dev.atrium.core.testsupport.TranslateCases;
import dev.atrium.core.testsupport.TranslateCases.Case;
import dev.atrium.core.testsupport.XdsYaml;
import dev.atrium.core.translate.ProxyTranslator;
import dev.atrium.testing.Golden;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stage {@code IR ─► xDS}: every case's proxy gives the recorded {@code lds.yaml}, {@code rds.yaml},
 * {@code cds.yaml}, {@code eds.yaml} and {@code sds.yaml} (Envoy's JSON form, proto field names), each headed by its
 * content version. Regenerate with {@code UPDATE_GOLDEN_FILES=true mvn -o test -pl libs/core}.
 */
class XdsTranslatorGoldenTest {

  static final Map<String, String> FILES = Map.of(
      XdsTypes.LISTENER, "lds.yaml",
      XdsTypes.ROUTE, "rds.yaml",
      XdsTypes.CLUSTER, "cds.yaml",
      XdsTypes.ENDPOINT, "eds.yaml",
      XdsTypes.SECRET, "sds.yaml");

  static Stream<String> cases() {
    return TranslateCases.names();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void translatesToTheRecordedResources(String name) {
    Case c = TranslateCases.load(name);
    ProxyIr ir = c.translate();
    XdsResources xds = XdsTranslator.translate(ir);
    for (String type : XdsTypes.ALL) {
      String rendered = "# version: " + xds.version(type) + "\n" + XdsYaml.yaml(xds.resources(type));
      Golden.assertMatches(c.dir().resolve(FILES.get(type)), rendered);
    }
  }
}
