/**
 * Knative → Cloud Run: environment variables, ConfigMaps, Secrets and volumes, one named case per
 * rule and situation: the lines printed (kind, field, rule, and what they say), the fields written,
 * and a validator that finds nothing in the output.
 */
import { C0, CONTAINER, type ConvertCase, testCases, POD, PODSPEC } from '../support/convert-cases';

const CASES: readonly ConvertCase[] = [
  {
    name: "the worker's RESULTS_MODE reply is kept as a loss that says to set pubsub and a topic",
    parts: {
      container: {
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'RESULTS_MODE', value: 'reply' },
        ],
      },
    },
    lines: [
      [
        'loss',
        `${C0}.env[1].value`,
        'results-reply',
        'set RESULTS_MODE=pubsub and RESULTS_TOPIC=projects/PROJECT/topics/TOPIC',
      ],
    ],
    output: [
      [
        [...CONTAINER, 'env'],
        [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'RESULTS_MODE', value: 'reply' },
        ],
      ],
    ],
  },
  {
    name: 'a ConfigMap of the file is inlined; one outside it becomes a Secret Manager secret',
    parts: {
      container: {
        env: [
          { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'settings', key: 'level' } } },
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'elsewhere', key: 'mode' } } },
        ],
      },
    },
    companions: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { level: 'debug' },
      },
    ],
    lines: [
      ['change', `${C0}.env[0].valueFrom`, 'env-references', 'value "debug"'],
      [
        'change',
        `${C0}.env[1].valueFrom.configMapKeyRef`,
        'env-references',
        'Secret Manager secret elsewhere__mode',
      ],
      [
        'action',
        `${C0}.env[1].valueFrom.configMapKeyRef`,
        'env-references',
        'kubectl get configmap elsewhere',
      ],
    ],
    output: [
      [
        [...CONTAINER, 'env'],
        [
          { name: 'LEVEL', value: 'debug' },
          { name: 'MODE', valueFrom: { secretKeyRef: { name: 'elsewhere__mode', key: 'latest' } } },
        ],
      ],
    ],
  },
  {
    name: 'a Secret key becomes a Secret Manager secret, with the commands that copy it',
    parts: {
      container: {
        env: [
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
        ],
      },
    },
    lines: [
      [
        'change',
        `${C0}.env[0].valueFrom.secretKeyRef`,
        'env-references',
        'Secret db key password → Secret Manager secret db__password',
      ],
      [
        'action',
        `${C0}.env[0].valueFrom.secretKeyRef`,
        'env-references',
        'base64 -d | gcloud secrets create db__password',
      ],
    ],
    output: [
      [
        [...CONTAINER, 'env', 0, 'valueFrom'],
        { secretKeyRef: { name: 'db__password', key: 'latest' } },
      ],
    ],
  },
  {
    name: 'a downward-API variable is a loss',
    parts: {
      container: {
        env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      },
    },
    lines: [['loss', `${C0}.env[0].valueFrom`, 'env-references', 'no fieldRef reference']],
    output: [[[...CONTAINER, 'env'], undefined]],
  },
  {
    name: 'a credential in a literal value is refused',
    parts: { container: { env: [{ name: 'API_TOKEN', value: 's3cret' }] } },
    lines: [
      ['refusal', `${C0}.env[0].value`, 'env-references', 'convert does not copy credentials'],
    ],
    refused: true,
  },
  {
    name: 'a value YAML 1.1 reads as a boolean is refused',
    parts: { container: { env: [{ name: 'ENABLED', value: true }] } },
    lines: [['refusal', `${C0}.env[0].value`, 'string-values', 'quote it']],
    refused: true,
  },
  {
    name: 'a variable set twice is refused',
    parts: {
      container: {
        env: [
          { name: 'A', value: '1' },
          { name: 'A', value: '2' },
        ],
      },
    },
    lines: [['refusal', `${C0}.env[1].name`, 'env-references', 'set twice']],
    refused: true,
  },
  {
    name: "envFrom expands from the file's ConfigMap",
    parts: { container: { envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'APP_' }] } },
    companions: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'settings' },
        data: { LEVEL: 'debug' },
      },
    ],
    lines: [['change', `${C0}.envFrom[0]`, 'env-from', 'APP_LEVEL']],
    output: [[[...CONTAINER, 'env'], [{ name: 'APP_LEVEL', value: 'debug' }]]],
  },
  {
    name: 'envFrom of an object not in the file is refused',
    parts: { container: { envFrom: [{ secretRef: { name: 'db' } }] } },
    lines: [['refusal', `${C0}.envFrom[0]`, 'env-from', 'list each variable']],
    refused: true,
  },
  {
    name: 'emptyDir volumes live in memory on Cloud Run',
    parts: {
      pod: { volumes: [{ name: 'tmp', emptyDir: {} }] },
      container: { volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }] },
    },
    lines: [['change', `${POD}.volumes[0].emptyDir.medium`, 'volumes', 'in memory']],
    output: [[[...PODSPEC, 'volumes'], [{ name: 'tmp', emptyDir: { medium: 'Memory' } }]]],
  },
  {
    name: 'a Secret volume of one key becomes a Secret Manager volume',
    parts: {
      pod: {
        volumes: [
          {
            name: 'tls',
            secret: { secretName: 'certs', items: [{ key: 'tls.crt', path: 'tls.crt' }] },
          },
        ],
      },
      container: { volumeMounts: [{ name: 'tls', mountPath: '/etc/tls', readOnly: true }] },
    },
    lines: [
      ['change', `${POD}.volumes[0].secret`, 'volumes', 'Secret Manager secret certs__tls-crt'],
      ['action', `${POD}.volumes[0].secret`, 'volumes', "jsonpath='{.data.tls\\.crt}'"],
    ],
    output: [
      [
        [...PODSPEC, 'volumes', 0],
        {
          name: 'tls',
          secret: { secretName: 'certs__tls-crt', items: [{ key: 'latest', path: 'tls.crt' }] },
        },
      ],
    ],
  },
  {
    name: 'a ConfigMap volume whose file object has one key needs no items',
    parts: {
      pod: { volumes: [{ name: 'conf', configMap: { name: 'nginx' } }] },
      container: {
        volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d', readOnly: true }],
      },
    },
    companions: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'nginx' },
        data: { 'default.conf': 'server {}' },
      },
    ],
    lines: [
      [
        'change',
        `${POD}.volumes[0].configMap`,
        'volumes',
        'ConfigMap nginx key default.conf → Secret Manager secret nginx__default-conf',
      ],
    ],
  },
  {
    name: 'a Secret volume of several keys is refused',
    parts: {
      pod: { volumes: [{ name: 'tls', secret: { secretName: 'certs' } }] },
      container: { volumeMounts: [{ name: 'tls', mountPath: '/etc/tls', readOnly: true }] },
    },
    lines: [
      ['refusal', `${POD}.volumes[0].secret`, 'volumes', 'one item (key and path) per volume'],
    ],
    refused: true,
  },
  {
    name: 'projected and PersistentVolumeClaim volumes are refused',
    parts: {
      pod: {
        volumes: [
          { name: 'token', projected: { sources: [] } },
          { name: 'data', persistentVolumeClaim: { claimName: 'data' } },
        ],
      },
    },
    lines: [
      ['refusal', `${POD}.volumes[0].projected`, 'volumes', 'no projected volumes'],
      [
        'refusal',
        `${POD}.volumes[1].persistentVolumeClaim`,
        'volumes',
        'no persistentVolumeClaim volumes',
      ],
    ],
    refused: true,
  },
  {
    name: 'a volume named cloudsql is renamed in the volume and its mounts',
    parts: {
      pod: { volumes: [{ name: 'cloudsql', emptyDir: { medium: 'Memory' } }] },
      container: {
        volumeMounts: [{ name: 'cloudsql', mountPath: '/cloudsql', mountPropagation: 'None' }],
      },
    },
    lines: [
      ['change', `${POD}.volumes[0].name`, 'volumes', 'cloudsql-volume'],
      ['loss', `${C0}.volumeMounts[0].mountPropagation`, 'volumes', 'not a field'],
    ],
    output: [
      [[...CONTAINER, 'volumeMounts', 0], { name: 'cloudsql-volume', mountPath: '/cloudsql' }],
    ],
  },
];

describe('Knative → Cloud Run: environment variables, ConfigMaps, Secrets and volumes', () => {
  testCases('knative', CASES);
});
