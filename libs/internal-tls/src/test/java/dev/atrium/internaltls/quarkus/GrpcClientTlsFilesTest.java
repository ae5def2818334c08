package dev.atrium.internaltls.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class GrpcClientTlsFilesTest {
  private static SmallRyeConfig config(Map<String, String> properties) {
    return new SmallRyeConfigBuilder().withInterceptors(new GrpcClientTlsFiles())
        .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
  }

  @Test
  void aClientsSslFilesAreTheInternalTlsFiles() {
    SmallRyeConfig config = config(Map.of("atrium.internal-ca-file", "/tls/ca.crt",
        "atrium.internal-tls-cert-file", "/tls/tls.crt", "atrium.internal-tls-key-file", "/tls/tls.key"));

    assertThat(config.getValue("quarkus.grpc.clients.store.ssl.trust-store", String.class)).isEqualTo("/tls/ca.crt");
    assertThat(config.getValue("quarkus.grpc.clients.global.ssl.certificate", String.class)).isEqualTo("/tls/tls.crt");
    assertThat(config.getValue("quarkus.grpc.clients.store.ssl.key", String.class)).isEqualTo("/tls/tls.key");
  }

  @Test
  void aClientsOwnSettingWins() {
    SmallRyeConfig config = config(Map.of("atrium.internal-ca-file", "/tls/ca.crt",
        "quarkus.grpc.clients.store.ssl.trust-store", "/other/ca.crt"));

    assertThat(config.getValue("quarkus.grpc.clients.store.ssl.trust-store", String.class)).isEqualTo("/other/ca.crt");
  }

  /** What the native build needs: no ssl.* name for Quarkus' build step to read, and unset stays unset. */
  @Test
  void noSslNameIsListedAndAnUnsetFileIsAbsent() {
    SmallRyeConfig config = config(Map.of("atrium.internal-tls", "enabled", "quarkus.grpc.clients.store.host", "127.0.0.1"));

    assertThat(StreamSupport.stream(config.getPropertyNames().spliterator(), false)).noneMatch(n -> n.contains(".ssl."));
    assertThat(config.getOptionalValue("quarkus.grpc.clients.store.ssl.trust-store", String.class)).isEmpty();
    assertThat(config.getOptionalValue("quarkus.grpc.clients.store.host.ssl.key", String.class)).isEmpty();
  }
}
