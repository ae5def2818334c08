package dev.atrium.webhook.controller.assembly;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Warning Events on Pods, where {@code kubectl describe pod} shows why the controller made nothing for
 * them. One Event per Pod and message (its name is derived from both), so a Pod reconciled again with the
 * same problem does not pile up Events; failing to write one is logged, never fatal to the reconcile.
 */
public final class PodEvents {
  private static final Logger LOG = Logger.getLogger(PodEvents.class);

  private final KubernetesClient client;

  public PodEvents(KubernetesClient client) {
    this.client = client;
  }

  public void warn(Pod pod, String reason, String message) {
    String ns = pod.getMetadata().getNamespace();
    String now = Instant.now().toString();
    Event event = new EventBuilder()
        .withNewMetadata().withNamespace(ns)
        .withName(pod.getMetadata().getName() + "." + Integer.toHexString((reason + message).hashCode())).endMetadata()
        .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(ns).withName(pod.getMetadata().getName())
        .withUid(pod.getMetadata().getUid()).endInvolvedObject()
        .withType("Warning").withReason(reason).withMessage(message).withCount(1)
        .withFirstTimestamp(now).withLastTimestamp(now).withNewSource().withComponent("atrium-controllers").endSource()
        .build();
    try {
      client.v1().events().inNamespace(ns).resource(event).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) LOG.warnf("could not record the Event on Pod %s/%s: %s", ns, pod.getMetadata().getName(), e.getMessage());
    }
  }
}
