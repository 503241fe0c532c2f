import { Construct } from 'constructs';
import { ContainerSource } from '../../cdk8s/imports/containersource-sources.knative.dev';
import { SOURCE_ENTRY } from '../../src/config/source-contract';
import { PROBE_PATHS } from '../../src/config/worker-contract';
import type { EnvEntry } from '../config/worker-env';
import { KUBERNETES_NAMES, KUBERNETES_QUANTITIES } from '../limits/kubernetes';
import { HARDENED_SECURITY_CONTEXT } from './worker-container';

/** A Kubernetes Secret with a service-account key, mounted read-only into the source. */
export interface KeySecretMount {
  /** The Secret's name. */
  readonly name: string;
  /** The key of the Secret that holds the JSON key file; the file keeps this name. */
  readonly key: string;
  /** The directory the Secret is mounted at (absolute). */
  readonly mountPath: string;
}

/** Props of {@link PubSubEventSource}. */
export interface PubSubEventSourceProps {
  /** The ContainerSource's name (a DNS-1123 label). */
  readonly name: string;
  /** The namespace it lives in. */
  readonly namespace: string;
  /** The image: the worker's, which holds the source. */
  readonly image: string;
  /**
   * The container's command: the source's entry in the image. The ContainerSource controller
   * appends `--sink=<URI>` to the arguments and `SINK` to the environment; the source reads neither
   * (it reads `K_SINK`, which the SinkBinding behind the ContainerSource injects).
   *
   * @default ['node', SOURCE_ENTRY]
   * @see https://github.com/knative/eventing/blob/knative-v1.22.2/pkg/reconciler/containersource/resources/deployment.go
   */
  readonly command?: readonly string[];
  /** The pods' Kubernetes service account: the source's own, never the worker's. */
  readonly serviceAccountName: string;
  /**
   * The Broker (`eventing.knative.dev/v1`, same namespace) the events are sent to: `spec.sink`.
   *
   * @see https://knative.dev/docs/eventing/sinks/
   */
  readonly sinkBroker: string;
  /** The container's environment, in order (`sourceEnvironment(config, source)`). */
  readonly env: readonly EnvEntry[];
  /** The port of the source's probe server (`PORT` of `env`). */
  readonly port: number;
  /**
   * CPU and memory, requested and limited alike (the Guaranteed QoS class: a long-running puller
   * is the last to be evicted).
   *
   * @see https://kubernetes.io/docs/concepts/workloads/pods/pod-qos/
   */
  readonly resources: { readonly cpu: string; readonly memory: string };
  /**
   * A key Secret to mount read-only (clusters without Workload Identity; `env` then names the file
   * in `GOOGLE_APPLICATION_CREDENTIALS`).
   *
   * @default - none: the pods take the Google identity of their Kubernetes service account
   * @see https://cloud.google.com/docs/authentication/application-default-credentials
   */
  readonly keySecret?: KeySecretMount | undefined;
}

/** The container's name in the pod template. */
export const SOURCE_CONTAINER_NAME = 'source';
/** The name of the port the probes use. */
const PROBE_PORT_NAME = 'probes';
/** The name of the key Secret's volume. */
const KEY_VOLUME = 'google-credentials';

/** Throws a synth-time error naming the prop and its value unless `ok`. */
function requireProp(ok: boolean, prop: string, value: unknown, expected: string): void {
  if (!ok) {
    throw new Error(
      `PubSubEventSource: ${prop} ${JSON.stringify(value)} is invalid: expected ${expected}`,
    );
  }
}

function checkProps(props: PubSubEventSourceProps): void {
  const label = KUBERNETES_NAMES.dns1123Label;
  requireProp(
    label.pattern.test(props.name) && props.name.length <= label.maxLength,
    'name',
    props.name,
    'a DNS-1123 label',
  );
  requireProp(
    KUBERNETES_NAMES.dns1123Subdomain.pattern.test(props.serviceAccountName),
    'serviceAccountName',
    props.serviceAccountName,
    'a Kubernetes service account name (a DNS-1123 subdomain)',
  );
  requireProp(
    props.command === undefined || props.command.length > 0,
    'command',
    props.command,
    'at least the program to run',
  );
  requireProp(
    Number.isInteger(props.port) && props.port > 0 && props.port < 65536,
    'port',
    props.port,
    'a port from 1 to 65535',
  );
  requireProp(
    KUBERNETES_QUANTITIES.cpu.test(props.resources.cpu),
    'resources.cpu',
    props.resources.cpu,
    'a CPU quantity such as 250m',
  );
  requireProp(
    KUBERNETES_QUANTITIES.memory.test(props.resources.memory),
    'resources.memory',
    props.resources.memory,
    'a memory quantity such as 256Mi',
  );
  const names = props.env.map(([name]) => name);
  requireProp(
    new Set(names).size === names.length,
    'env',
    names,
    'each variable once (which duplicate wins is not defined)',
  );
  const key = props.keySecret;
  requireProp(
    key === undefined ||
      (key.mountPath.startsWith('/') && KUBERNETES_NAMES.dataKey.pattern.test(key.key)),
    'keySecret',
    key,
    'an absolute mountPath and a Secret key of letters, digits, "-", "_" and "."',
  );
}

/**
 * The kit's Pub/Sub source as a Knative `ContainerSource` (`sources.knative.dev/v1`, core Eventing):
 * the worker's image running the source's entry, with its own service account, the hardened
 * security context of the worker, requests equal to limits, readiness and liveness probes on the
 * source's probe server (the worker's probe paths), and `spec.sink` the Broker. Knative turns it
 * into a Deployment and a SinkBinding, which injects `K_SINK` (and `K_CE_OVERRIDES`, `K_CA_CERTS`,
 * the OIDC token at `/oidc/token`, when configured).
 *
 * @throws Error naming the prop and its value when a prop is invalid (at synth time)
 * @see https://knative.dev/docs/eventing/custom-event-source/containersource/
 * @see https://github.com/knative/eventing/blob/knative-v1.22.2/pkg/apis/sources/v1/container_types.go
 */
export class PubSubEventSource extends Construct {
  readonly apiObject: ContainerSource;

  constructor(scope: Construct, id: string, props: PubSubEventSourceProps) {
    super(scope, id);
    checkProps(props);
    const { keySecret, resources } = props;
    const probe = (path: string) => ({ httpGet: { path, port: PROBE_PORT_NAME } });
    const container = {
      name: SOURCE_CONTAINER_NAME,
      image: props.image,
      command: [...(props.command ?? ['node', SOURCE_ENTRY])],
      env: props.env.map(([name, value]) => ({ name, value })),
      ports: [{ name: PROBE_PORT_NAME, containerPort: props.port }],
      readinessProbe: probe(PROBE_PATHS.readiness),
      livenessProbe: probe(PROBE_PATHS.liveness),
      resources: { requests: { ...resources }, limits: { ...resources } },
      securityContext: HARDENED_SECURITY_CONTEXT,
      ...(keySecret === undefined
        ? {}
        : { volumeMounts: [{ name: KEY_VOLUME, mountPath: keySecret.mountPath, readOnly: true }] }),
    };
    this.apiObject = new ContainerSource(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace },
      spec: {
        sink: {
          ref: { apiVersion: 'eventing.knative.dev/v1', kind: 'Broker', name: props.sinkBroker },
        },
        template: {
          spec: {
            serviceAccountName: props.serviceAccountName,
            containers: [container],
            ...(keySecret === undefined
              ? {}
              : {
                  volumes: [
                    {
                      name: KEY_VOLUME,
                      secret: {
                        secretName: keySecret.name,
                        items: [{ key: keySecret.key, path: keySecret.key }],
                      },
                    },
                  ],
                }),
          },
        },
      },
    });
  }
}
