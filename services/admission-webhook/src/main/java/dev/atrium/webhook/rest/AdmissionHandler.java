package dev.atrium.webhook.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.webhook.admission.AdmissionRequest;
import dev.atrium.webhook.admission.AdmissionResponses;
import dev.atrium.webhook.admission.LookupUnavailableException;
import dev.atrium.webhook.admission.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every webhook endpoint does around its decision: parse the AdmissionReview, decide, answer,
 * and time it. The timer {@code atrium.webhook.admission} (tags {@code webhook}, {@code outcome})
 * covers parsing, the decision with its lookups and writing the answer, not TLS or the API server's
 * side; it publishes p50/p99 and a histogram on the management port's {@code /q/metrics}, and each
 * request is logged at debug with its time.
 *
 * <p>A request that is not an AdmissionReview gets 400; a lookup that fails gets 500, so the API
 * server's failurePolicy, not this webhook, decides whether the object gets through.
 */
@ApplicationScoped
public class AdmissionHandler {
  private static final Logger LOG = Logger.getLogger(AdmissionHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MeterRegistry registry;

  public AdmissionHandler(MeterRegistry registry) {
    this.registry = registry;
  }

  public Response handle(String webhook, String body, Function<AdmissionRequest, Verdict> decide) {
    long start = System.nanoTime();
    String outcome = "error";
    String subject = "?";
    try {
      AdmissionRequest request = AdmissionRequest.parse(parse(body));
      subject = request.kind() + " " + request.operation() + " " + request.describe();
      Verdict verdict = decide.apply(request);
      outcome = verdict.outcome();
      String answer = AdmissionResponses.of(request, verdict).toString();
      if (LOG.isDebugEnabled()) {
        LOG.debugf("%s %s: %s (%s) in %.3f ms", webhook, subject, outcome, note(verdict), millisSince(start));
      }
      return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    } catch (IllegalArgumentException e) {
      LOG.warnf("%s: not an AdmissionReview: %s", webhook, e.getMessage());
      return Response.status(400).entity(e.getMessage()).type(MediaType.TEXT_PLAIN).build();
    } catch (LookupUnavailableException e) {
      LOG.errorf("%s %s: %s", webhook, subject, e.getMessage());
      return Response.status(500).entity(e.getMessage()).type(MediaType.TEXT_PLAIN).build();
    } finally {
      timer(webhook, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  private Timer timer(String webhook, String outcome) {
    return Timer.builder("atrium.webhook.admission")
        .description("Time the webhook spends on one AdmissionReview, from parsing the request to the answer")
        .tag("webhook", webhook).tag("outcome", outcome)
        .publishPercentiles(0.5, 0.99).publishPercentileHistogram()
        .register(registry);
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
    }
  }

  private static String note(Verdict v) {
    if (v instanceof Verdict.Allow a) return a.note();
    if (v instanceof Verdict.Patch p) return p.note() + ", " + p.patch().ops().size() + " patch operations";
    return ((Verdict.Refuse) v).message();
  }

  private static double millisSince(long start) {
    return (System.nanoTime() - start) / 1_000_000.0;
  }
}
