package dev.atrium.webhook.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.atrium.webhook.admission.AdmissionRequest;
import dev.atrium.webhook.admission.AdmissionResponses;
import dev.atrium.webhook.admission.LookupUnavailableException;
import dev.atrium.webhook.admission.Verdict;
import dev.atrium.webhook.metrics.AdmissionMeters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * What every webhook endpoint does around its decision: parse the AdmissionReview, decide, answer,
 * and time it. The time ({@link AdmissionMeters}: {@code atrium_webhook_admission_seconds}) covers
 * parsing, the decision with its lookups and writing the answer, not TLS or the API server's side;
 * each request is also logged at debug with its time. A refusal is counted by the object's kind.
 *
 * <p>A request that is not an AdmissionReview gets 400; a lookup that fails gets 500, so the API
 * server's failurePolicy, not this webhook, decides whether the object gets through.
 */
@ApplicationScoped
public class AdmissionHandler {
  private static final Logger LOG = Logger.getLogger(AdmissionHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AdmissionMeters meters;

  public AdmissionHandler(AdmissionMeters meters) {
    this.meters = meters;
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
      if (verdict instanceof Verdict.Refuse) meters.refused(webhook, request.kind());
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
      meters.handled(webhook, outcome, Duration.ofNanos(System.nanoTime() - start));
    }
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
