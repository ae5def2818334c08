/**
 * The Kubernetes controllers, run in the admission-webhook process by the replica that holds a Lease.
 *
 * <h2>Layout: desired state apart from applying it</h2>
 * <ul>
 *   <li>{@code model} — pure functions, no I/O, golden-tested: {@code DataplaneForPod} (Pod + Services
 *       → the Dataplane, or why none), {@code ZoneIngressForPod} (an ingress Pod + Services + Nodes → its
 *       ZoneIngress, or Kuma's reason for none), {@code GatewayDeployment} / {@code GatewayService} (instance +
 *       MeshGateway ports → the objects), {@code GatewaySelection}, {@code InstanceReadiness} (the
 *       Ready condition in words);</li>
 *   <li>{@code assembly} — the reconcilers, written as named steps: {@code DataplaneReconciler}
 *       and {@code ZoneIngressReconciler} (observe → desire → apply through the Store API: {@code StoreWrites};
 *       both take every Pod key, each removes what is not its) and
 *       {@code GatewayInstanceReconciler} (instance → gateway → applyService → applyDeployment, by
 *       server-side apply, field manager {@code atrium-controllers} → readiness → reportStatus);
 *       {@code InstanceObjects} is the seam to the instance as a Kubernetes object (owner and status),
 *       {@code InstanceObjects.NONE} where there is none;</li>
 *   <li>{@code source} — what they read: {@code ClusterCache} (informers on Pods, Services, Namespaces
 *       and the managed Deployments) and {@code StoreCache} (Store Watch on Mesh, Dataplane,
 *       MeshGateway, MeshGatewayInstance, ZoneIngress; re-listed and diffed on every reconnection);</li>
 *   <li>{@code runtime} — {@code WorkQueue} (client-go's guarantees: one queued entry per key, never
 *       two workers on one key, per-key exponential back-off) and {@code ControllerLoop} (one worker
 *       thread per controller, off the event loop);</li>
 *   <li>{@code leader} — {@code LeaseLeadership} over fabric8's LeaderElector;</li>
 *   <li>here — {@code Controllers} (assembly and lifecycle), {@code EventRouting} (which keys a change
 *       concerns), {@code ControllersConfig} ({@code atrium.controllers.*}).</li>
 * </ul>
 *
 * <h2>One active replica</h2>
 * Every replica keeps its caches warm; only the holder of the Lease {@code lease-namespace}/
 * {@code lease-name} runs the two loops. On taking the Lease it waits for both caches to be complete
 * (a reconcile against a half-loaded cache would delete what it has not seen), then queues every Pod
 * in the mesh, every controller-made Dataplane (to remove those whose Pod went while no replica led),
 * every instance and every managed object. A leader that cannot renew within {@code renew-deadline}
 * stops its loops before the lease ({@code lease-duration}) can pass on; on shutdown it gives the
 * Lease up at once. The Lease namespace must exist.
 *
 * <h2>Pod → ZoneIngress</h2>
 * A Pod annotated {@code kuma.io/ingress: enabled} in the system namespace ({@code atrium.webhook.system-namespace})
 * gets the ZoneIngress {@code <pod>.<namespace>} (see {@code ZoneIngressForPod} for the address rules); one
 * elsewhere, or not selected by exactly one Service, gets a Warning Event with Kuma's text instead.
 *
 * <h2>Pod → Dataplane (Kuma's PodReconciler)</h2>
 * Pods annotated {@code kuma.io/sidecar-injected: true} or {@code kuma.io/gateway}, with an IP and not
 * Succeeded or Failed, get the Dataplane {@code <pod>.<namespace>} in their mesh ({@code kuma.io/mesh}
 * label or annotation of the Pod, then of its namespace, else {@code default}), labelled as Kuma labels
 * it ({@code kuma.io/display-name}, {@code k8s.kuma.io/namespace}, {@code kuma.io/env: kubernetes},
 * {@code kuma.io/origin: zone}, the Pod's labels). Inbound tags, protocol inference (appProtocol when
 * Kuma knows it, then {@code <port>.service.kuma.io/protocol}, else {@code tcp}), service-less
 * inbounds, readiness, delegated and builtin gateways: see {@code DataplaneForPod}. Only Dataplanes
 * with those labels are ever updated or deleted; one a user wrote is left alone.
 *
 * <h2>Outbounds for the mesh's Services (Kuma's OutboundInterfacesFor)</h2>
 * A sidecar or delegated gateway whose outgoing traffic is redirected gets one
 * {@code networking.outbound} per {@code kuma.io/service} that a Dataplane of its mesh offers (inbound
 * not Ignored) in Kuma's Kubernetes form {@code <name>_<namespace>_svc_<port>} of an existing Service:
 * {@code <ClusterIP>:<port>}, or one per endpoint for a headless Service ({@code ServiceOutbounds}). The
 * xds-server turns each into a listener on that address that binds nothing and takes its connections
 * from the outbound redirect port, routing to the EDS cluster of the service — the Service's endpoints
 * are its Dataplanes' inbounds, so a new Pod reaches every client by EDS, with no Dataplane rewritten.
 * <p>Where they are computed: here, written into each Dataplane, as Kuma does with
 * {@code experimental.kubeOutboundsAsVIPs} off. (Kuma's default keeps them once per mesh in its VIPs
 * ConfigMap and merges them at xDS generation; that needs a resource kind Atrium does not have, and
 * would make the xds-server read Kubernetes.) Cost: a service that appears or goes, or a Service whose
 * ClusterIP changes, queues every Pod with a Dataplane (N reconciles, each O(M) over the mesh's
 * services, indexed once per store change); only Dataplanes whose list really changed are written
 * (N Store writes and N pushes for a new service, which every proxy's config needs anyway). A Pod
 * joining an existing ClusterIP Service queues nobody else.
 *
 * <h2>MeshGatewayInstance → Deployment + Service (Kuma's GatewayInstanceReconciler)</h2>
 * The instance's tags ({@code kuma.io/service} as written, or Kuma's {@code <name>_<namespace>_svc})
 * pick the MeshGateway; its listener ports become the Service's. Deployment and Service are named
 * after the instance in its namespace and labelled {@code app.kubernetes.io/managed-by: atrium},
 * {@code gateways.atrium.dev/instance: <name>}; an object of that name Atrium does not manage is never
 * taken over (the condition says so). No MeshGateway, or the instance gone: both are deleted. Beyond
 * Kuma (kumahq/kuma#9821): {@code podTemplate.spec.nodeSelector}, {@code affinity}, {@code tolerations},
 * {@code topologySpreadConstraints}, {@code priorityClassName}. Ready reasons: NoGatewayMatched,
 * ApplyFailed, DeploymentNotAvailable ({@code x/y replicas available}), LoadBalancerAddressNotReady,
 * Ready.
 *
 * <h2>What the service account needs</h2>
 * {@code get/list/watch} pods, services, namespaces; {@code get} replicasets, jobs (service-less names);
 * {@code get/list/watch/create/patch/delete} deployments and services; {@code get} meshgatewayinstances
 * and {@code patch} meshgatewayinstances/status (kuma.io); {@code get/create/update/patch} leases
 * (coordination.k8s.io) in the Lease namespace; and {@code update} meshgatewayinstances/finalizers
 * where the OwnerReferencesPermissionEnforcement admission plugin is on (owner references block
 * deletion).
 */
package dev.atrium.webhook.controller;
