/**
 * Cloud Run → Knative: Secret Manager secrets and volumes, one named case per rule and situation:
 * the lines printed (kind, field, rule, and what they say), the fields written, and a validator
 * that finds nothing in the output.
 */
import { C0, CONTAINER, type ConvertCase, testCases, POD, PODSPEC } from '../support/convert-cases';

const CASES: readonly ConvertCase[] = [
  {
    name: "the worker's RESULTS_MODE pubsub becomes reply, its RESULTS_TOPIC dropped",
    parts: {
      container: {
        env: [
          { name: 'RESULTS_MODE', value: 'pubsub' },
          { name: 'RESULTS_TOPIC', value: 'projects/my-project/topics/labels' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
      },
    },
    lines: [
      [
        'change',
        `${C0}.env[0].value`,
        'results-mode',
        'RESULTS_MODE pubsub → reply, RESULTS_TOPIC dropped',
      ],
    ],
    output: [
      [
        [...CONTAINER, 'env'],
        [
          { name: 'RESULTS_MODE', value: 'reply' },
          { name: 'LOG_LEVEL', value: 'info' },
        ],
      ],
    ],
  },
  {
    name: 'a secret version written NAME__KEY becomes that Secret and key',
    parts: {
      container: {
        env: [
          {
            name: 'DB_PASSWORD',
            valueFrom: { secretKeyRef: { name: 'db__password', key: 'latest' } },
          },
        ],
      },
    },
    lines: [
      ['change', `${C0}.env[0].valueFrom.secretKeyRef`, 'env-references', 'Secret db key password'],
      [
        'action',
        `${C0}.env[0].valueFrom.secretKeyRef`,
        'env-references',
        'gcloud secrets versions access latest --secret=db__password',
      ],
    ],
    output: [
      [[...CONTAINER, 'env', 0, 'valueFrom'], { secretKeyRef: { name: 'db', key: 'password' } }],
    ],
  },
  {
    name: 'any other Secret Manager name becomes a Secret of that name',
    parts: {
      container: {
        env: [{ name: 'API_KEY', valueFrom: { secretKeyRef: { name: 'Api_Key', key: '3' } } }],
      },
    },
    lines: [
      [
        'change',
        `${C0}.env[0].valueFrom.secretKeyRef`,
        'env-references',
        'version 3 → Secret api-key key Api_Key',
      ],
    ],
    output: [
      [
        [...CONTAINER, 'env', 0, 'valueFrom'],
        { secretKeyRef: { name: 'api-key', key: 'Api_Key' } },
      ],
    ],
  },
  {
    name: 'a Secret Manager volume becomes a Secret volume, mounted read-only',
    parts: {
      pod: {
        volumes: [
          {
            name: 'conf',
            secret: {
              secretName: 'nginx_config',
              items: [{ key: 'latest', path: 'default.conf' }],
            },
          },
        ],
      },
      container: { volumeMounts: [{ name: 'conf', mountPath: '/etc/nginx/conf.d/' }] },
    },
    lines: [
      [
        'change',
        `${POD}.volumes[0].secret`,
        'volumes',
        'Secret nginx-config key nginx_config, file default.conf',
      ],
      ['change', `${C0}.volumeMounts[0].readOnly`, 'volumes', 'read-only'],
    ],
    output: [
      [
        [...PODSPEC, 'volumes', 0],
        {
          name: 'conf',
          secret: {
            secretName: 'nginx-config',
            items: [{ key: 'nginx_config', path: 'default.conf' }],
          },
        },
      ],
    ],
  },
  {
    name: 'a Secret Manager volume without items holds one file named after the secret',
    parts: {
      pod: { volumes: [{ name: 'conf', secret: { secretName: 'app-config' } }] },
      container: { volumeMounts: [{ name: 'conf', mountPath: '/etc/app', readOnly: true }] },
    },
    output: [
      [
        [...PODSPEC, 'volumes', 0, 'secret'],
        { secretName: 'app-config', items: [{ key: 'app-config', path: 'app-config' }] },
      ],
    ],
  },
  {
    name: 'in-memory emptyDir volumes carry over',
    parts: {
      pod: { volumes: [{ name: 'shared', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } }] },
      container: { volumeMounts: [{ name: 'shared', mountPath: '/logging' }] },
    },
    output: [
      [
        [...PODSPEC, 'volumes'],
        [{ name: 'shared', emptyDir: { medium: 'Memory', sizeLimit: '512Mi' } }],
      ],
    ],
  },
  {
    name: 'Cloud Storage (csi) and NFS volumes are refused',
    parts: {
      pod: {
        volumes: [
          { name: 'bucket', csi: { driver: 'gcsfuse.run.googleapis.com' } },
          { name: 'share', nfs: { server: '10.0.0.2', path: '/' } },
        ],
      },
    },
    lines: [
      ['refusal', `${POD}.volumes[0].csi`, 'volumes', 'no csi volumes'],
      ['refusal', `${POD}.volumes[1].nfs`, 'volumes', 'no nfs volumes'],
    ],
    refused: true,
  },
];

describe('Cloud Run → Knative: Secret Manager secrets and volumes', () => {
  testCases('cloud-run', CASES);
});
