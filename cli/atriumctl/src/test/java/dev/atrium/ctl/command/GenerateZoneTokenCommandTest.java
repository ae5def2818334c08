package dev.atrium.ctl.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.atrium.core.codec.Mappers;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code atriumctl generate zone-token} against a stand-in API: the body kumactl sends to
 * {@code POST /tokens/zone}, the token alone on stdout, kumactl's scope check, the server's 400 rendered.
 */
class GenerateZoneTokenCommandTest {
  private HttpServer server;
  private final List<String> bodies = new ArrayList<>();
  private volatile int status = 200;
  private volatile String answer = "header.claims.signature";

  @TempDir
  Path home;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      byte[] index = "{\"product\":\"Atrium\",\"version\":\"0.1.0\"}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, index.length);
      exchange.getResponseBody().write(index);
      exchange.close();
    });
    server.createContext("/tokens/zone", exchange -> {
      bodies.add(exchange.getRequestMethod() + " " + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", status == 200 ? "text/plain" : "application/json");
      exchange.sendResponseHeaders(status, out.length);
      exchange.getResponseBody().write(out);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("generate", "zone-token", "--api-url", "http://127.0.0.1:" + server.getAddress().getPort(),
        "--config-file", home.resolve("config").toString()));
    all.addAll(List.of(args));
    int exit = new CommandLine(new AtriumCtl()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(all.toArray(String[]::new));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void sendsKumasRequestAndPrintsTheTokenAlone() throws Exception {
    Run r = run("--zone", "zone-2", "--scope", "ingress", "--valid-for", "24h");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("header.claims.signature" + System.lineSeparator());
    assertThat(bodies).hasSize(1);
    assertThat(bodies.get(0)).startsWith("POST ");
    JsonNode body = Mappers.JSON.readTree(bodies.get(0).substring(5));
    assertThat(body.path("zone").asText()).isEqualTo("zone-2");
    assertThat(body.path("scope").toString()).isEqualTo("[\"ingress\"]");
    assertThat(body.path("validFor").asText()).isEqualTo("24h");
  }

  @Test
  void withoutScopeBothZoneProxiesAsKumactl() throws Exception {
    assertThat(run("--zone", "zone-1", "--scope", "ingress,egress").exit()).isZero();
    assertThat(run("--zone", "zone-1").exit()).isZero();
    for (String b : bodies) {
      JsonNode body = Mappers.JSON.readTree(b.substring(5));
      assertThat(body.path("scope").toString()).isEqualTo("[\"ingress\",\"egress\"]");
      assertThat(body.has("validFor")).isFalse();
    }
  }

  @Test
  void anUnknownScopeIsRefusedBeforeAnyCallAndAMissingZoneIsAUsageError() {
    Run r = run("--zone", "zone-2", "--scope", "ingress", "--scope", "dataplane");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("Error: invalid --scope values: [dataplane] (supported scopes: [ingress egress cp])");
    assertThat(bodies).isEmpty();
    Run noZone = run("--scope", "ingress");
    assertThat(noZone.exit()).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(noZone.err()).contains("--zone");
  }

  @Test
  void theServersRefusalIsRenderedFieldByField() {
    status = 400;
    answer = "{\"title\":\"Invalid request\",\"detail\":\"Resource is not valid\",\"invalid_parameters\":"
        + "[{\"field\":\"validFor\",\"reason\":\"is invalid: time: unknown unit \\\" days\\\" in duration \\\"2 days\\\"\"}]}";
    Run r = run("--zone", "zone-2", "--valid-for", "2 days");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("Error: zone token: Resource is not valid", "validFor: is invalid: time: unknown unit");
  }
}
