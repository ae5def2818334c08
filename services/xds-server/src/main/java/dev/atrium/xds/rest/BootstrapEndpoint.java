package dev.atrium.xds.rest;

import dev.atrium.api.store.v1.PutRequest;
import dev.atrium.api.store.v1.ResourceKey;
import dev.atrium.api.store.v1.StoreGrpc;
import dev.atrium.core.codec.Mappers;
import dev.atrium.core.codec.ResourceCodec;
import dev.atrium.core.model.Resource;
import dev.atrium.core.model.ResourceKind;
import dev.atrium.core.validation.InvalidResourceException;
import dev.atrium.follow.StoreFollower;
import dev.atrium.xds.auth.AuthenticationException;
import dev.atrium.xds.auth.NoAuthentication;
import dev.atrium.xds.auth.ProxyAuthenticator;
import dev.atrium.xds.auth.ProxyAuthenticators;
import dev.atrium.xds.bootstrap.BootstrapGenerator;
import dev.atrium.xds.bootstrap.BootstrapRequest;
import dev.atrium.xds.bootstrap.KumaDpResponse;
import dev.atrium.xds.config.XdsConfig;
import dev.atrium.xds.lifecycle.AgentDataplanes;
import dev.atrium.xds.wiring.XdsEngine;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Kuma's bootstrap exchange: the agent names its Dataplane (and, in universal mode, sends it to be
 * registered); the answer is the Envoy bootstrap. Status codes follow kuma-dp's retry rules: 404 with
 * an empty body means "not registered yet, retry"; 422 means the request or the Dataplane is invalid.
 */
@Path("/bootstrap")
public class BootstrapEndpoint {
  private final StoreFollower follower;
  private final XdsConfig config;
  private final StoreGrpc.StoreBlockingStub store;
  private final ProxyAuthenticator authenticator;

  /** Kuma's answer to an agent that presents no token. */
  static final String TOKEN_REQUIRED = "Dataplane Token is required. Generate token using 'kumactl generate "
      + "dataplane-token > /path/file' and provide it via --dataplane-token-file=/path/file argument to Kuma DP";

  public BootstrapEndpoint(XdsEngine engine, XdsConfig config, @GrpcClient("store") StoreGrpc.StoreBlockingStub store) {
    this.authenticator = engine.authenticator();
    this.follower = engine.follower();
    this.config = config;
    this.store = store;
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  public Response bootstrap(String body, @HeaderParam(HttpHeaders.HOST) String hostHeader,
      @HeaderParam(HttpHeaders.ACCEPT) String accept, @Context HttpServerRequest http) throws Exception {
    // HTTP/2 (what a client gets by ALPN unless it asks for HTTP/1.1) has :authority, no Host header.
    String host = hostHeader != null || http == null || http.authority() == null ? hostHeader : http.authority().toString();
    BootstrapRequest request;
    try {
      request = Mappers.JSON.readerFor(BootstrapRequest.class)
          .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(body);
    } catch (Exception e) {
      return text(422, "invalid bootstrap request: " + e.getMessage());
    }
    if (ProxyAuthenticators.requiresCredential(config.auth().type()) && isBlank(request.dataplaneToken())
        && isBlank(request.dataplaneTokenPath())) {
      return text(422, TOKEN_REQUIRED);
    }
    boolean ingress = BootstrapRequest.INGRESS.equals(request.effectiveProxyType());
    if (ingress ? isBlank(request.name()) : isBlank(request.mesh()) || isBlank(request.name())) {
      return text(422, ingress ? "name is required" : "mesh and name are required");
    }
    Optional<String> tlsProblem = tlsProblem(request, host);
    if (tlsProblem.isPresent()) return text(400, tlsProblem.get());
    if (!ingress && !BootstrapRequest.DATAPLANE.equals(request.effectiveProxyType())) {
      // kuma-dp treats a 4xx as final and shows the body: better than retrying something never served.
      return text(422, "proxyType \"" + request.proxyType() + "\" is not supported: Atrium serves Dataplanes "
          + "(sidecars and gateways) and zone ingresses, not zone egress proxies");
    }
    Optional<Resource> dataplane = ingress ? follower.index().get(ResourceKind.ZONE_INGRESS, null, request.name())
        : request.registersDataplane() ? register(request) : dataplane(request.mesh(), request.name());
    if (dataplane.isEmpty()) return Response.status(404).build();

    Resource dp = dataplane.get();
    String xdsHost = config.advertisedHost().orElseGet(() -> hostOf(host));
    int adminPort = BootstrapGenerator.adminPort(dp, request.adminPort());
    // The Mesh's enabled metrics backend decides the proxy's stats listener (BootstrapGenerator).
    Resource mesh = dp.mesh() == null ? null : follower.index().mesh(dp.mesh()).orElse(null);
    String yaml = BootstrapGenerator.generate(dp, mesh, request, xdsHost, config.advertisedPort(), adminPort);
    if (accept != null && accept.contains(MediaType.APPLICATION_JSON)) {
      return Response.ok(KumaDpResponse.of(yaml, dp).toString(), MediaType.APPLICATION_JSON).build();
    }
    return Response.ok(yaml, "text/x-yaml").build();
  }

  /** Stores the agent's Dataplane through the Store API and waits until this server has seen it. */
  private Optional<Resource> register(BootstrapRequest request) throws InterruptedException {
    long version;
    Resource dp;
    try {
      dp = AgentDataplanes.decode(request.dataplaneResource(), request.mesh(), request.name());
      authenticate(request, dp);
      version = AgentDataplanes.put(store, dp);
    } catch (AgentDataplanes.Refused e) {
      throw new BootstrapRejected(e.getMessage());
    }
    if (!follower.awaitRevision(version, config.registrationTimeout())) {
      throw new IllegalStateException("registered Dataplane not visible after " + config.registrationTimeout());
    }
    return dataplane(dp.mesh(), dp.name());
  }

  /**
   * An Atrium addition: Kuma registers the agent's Dataplane only on the authenticated ADS stream, while
   * Atrium registers it here, so the token must authenticate it here too — else any caller could
   * overwrite any Dataplane through the bootstrap.
   */
  private void authenticate(BootstrapRequest request, Resource dp) {
    if (authenticator instanceof NoAuthentication) return;
    if (isBlank(request.dataplaneToken())) {
      throw new BootstrapRejected("authentication failed: registering a Dataplane needs its token in dataplaneToken");
    }
    try {
      authenticator.authenticate(request.dataplaneToken(), dp);
    } catch (AuthenticationException e) {
      throw new BootstrapRejected("authentication failed: " + e.getMessage());
    }
  }

  /** Kuma's 400s: the agent's CA is no CA, or it dialled a host this server's certificate does not name. */
  private Optional<String> tlsProblem(BootstrapRequest request, String host) {
    Optional<String> problem = BootstrapTlsChecks.caCertProblem(request.caCert());
    if (problem.isPresent() || config.advertisedHost().isPresent()) return problem; // an advertised host takes precedence
    return config.tlsCertFile().flatMap(file -> BootstrapTlsChecks.sanProblem(hostOf(host), java.nio.file.Path.of(file)));
  }

  private Optional<Resource> dataplane(String mesh, String name) {
    return follower.index().get(ResourceKind.DATAPLANE, mesh, name);
  }

  private static String hostOf(String hostHeader) {
    if (hostHeader == null || hostHeader.isBlank()) return "127.0.0.1";
    if (hostHeader.startsWith("[")) return hostHeader.substring(1, hostHeader.indexOf(']'));
    int colon = hostHeader.lastIndexOf(':');
    return colon < 0 ? hostHeader : hostHeader.substring(0, colon);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  static Response text(int status, String message) {
    return Response.status(status).type(MediaType.TEXT_PLAIN).entity(message).build();
  }

  /** A bootstrap the agent must not retry: the answer is 422 with the reason as the body. */
  public static final class BootstrapRejected extends RuntimeException {
    public BootstrapRejected(String message) {
      super(message);
    }
  }
}
