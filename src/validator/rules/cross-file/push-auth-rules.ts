/**
 * The push-authentication chain across service.yaml, config-connector.yaml and setup.sh: Cloud Run
 * accepts the push token's audience, the worker expects it and the token's sender, the push
 * reaches and may invoke this very service, and every file names the same project. A break
 * anywhere makes every push fail with 401 or 403.
 *
 * @see https://cloud.google.com/run/docs/triggering/pubsub-push
 */
import {
  cloudRunDeploymentOf,
  invokerGrants,
  jsonStringList,
  kccProject,
  pushAudience,
  scriptSetting,
  serviceEnv,
  serviceRegion,
  documentValue,
  type Located,
} from './cloud-run-deployment';
import type { ManifestSet } from '../../core/manifest-document';
import { quote, stringAt } from '../../core/object-access';
import { defineRules, type LocatedViolation } from '../../core/rule';
import { SOURCES } from '../../sources';

const CUSTOM_AUDIENCES = 'run.googleapis.com/custom-audiences';
/** A run.app URL: an audience Cloud Run accepts without listing it. */
const RUN_APP_URL = /^https:\/\/[^/]+\.run\.app\/?$/;
/** The deterministic URL `https://NAME-PROJECT_NUMBER.REGION.run.app/`. */
const DETERMINISTIC_URL = /^https:\/\/(.+)-(\d+)\.([a-z0-9-]+)\.run\.app\/?$/;

/** A value as a list of zero or one. */
function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

function located(where: Located, message: string): LocatedViolation {
  return { subject: where.subject, path: where.path, message };
}

/** Every audience a push token is given: the subscriptions' and setup.sh's PUSH_AUDIENCE. */
function tokenAudiences(set: ManifestSet): Located[] {
  const deployment = cloudRunDeploymentOf(set);
  return [
    ...deployment.subscriptions.flatMap((s) => pushAudience(s) ?? []),
    ...optional(scriptSetting(deployment.script, 'PUSH_AUDIENCE')),
  ];
}

function customAudiences(set: ManifestSet): LocatedViolation[] {
  const { service } = cloudRunDeploymentOf(set);
  if (service === undefined) return [];
  const path = ['metadata', 'annotations', CUSTOM_AUDIENCES];
  const text = stringAt(service.object, path);
  const listed = text === undefined ? [] : jsonStringList(text);
  if (listed === undefined)
    return [
      {
        subject: service,
        path,
        message: `${CUSTOM_AUDIENCES} ${quote(text)} must be a JSON list of strings, such as '["https://worker.example/push"]'`,
      },
    ];
  return tokenAudiences(set)
    .filter(({ value }) => !RUN_APP_URL.test(value) && !listed.includes(value))
    .map(({ value, label }) => ({
      subject: service,
      path,
      message: `the push audience ${quote(value)} (${label}) is not in ${CUSTOM_AUDIENCES} ${quote(text ?? '')}: Cloud Run would reject every push token with 401`,
    }));
}

function authAudience(set: ManifestSet): LocatedViolation[] {
  const { service } = cloudRunDeploymentOf(set);
  const expected = service === undefined ? undefined : serviceEnv(service, 'AUTH_AUDIENCE');
  const audiences = [...(expected === undefined ? [] : [expected]), ...tokenAudiences(set)];
  const first = audiences[0];
  if (first === undefined) return [];
  return audiences
    .filter(({ value }) => value !== first.value)
    .map((where) =>
      located(
        where,
        `audience ${quote(where.value)} (${where.label}) differs from ${quote(first.value)} (${first.label}): the worker would reject every push token`,
      ),
    );
}

function allowedEmails(set: ManifestSet): LocatedViolation[] {
  const deployment = cloudRunDeploymentOf(set);
  const allowed =
    deployment.service === undefined
      ? undefined
      : serviceEnv(deployment.service, 'AUTH_ALLOWED_EMAILS');
  if (allowed === undefined) return [];
  const emails = new Set(allowed.value.split(',').map((email) => email.trim().toLowerCase()));
  const invoker = scriptSetting(deployment.script, 'INVOKER_SERVICE_ACCOUNT_ID');
  const project = scriptSetting(deployment.script, 'PROJECT_ID');
  const senders: { value: string; label: string }[] = [
    ...deployment.subscriptions.flatMap(
      (s) =>
        documentValue(
          s,
          ['spec', 'pushConfig', 'oidcToken', 'serviceAccountEmail'],
          `oidcToken.serviceAccountEmail of ${s.name}`,
        ) ?? [],
    ),
    ...(invoker === undefined || project === undefined
      ? []
      : [
          {
            value: `${invoker.value}@${project.value}.iam.gserviceaccount.com`,
            label: 'INVOKER_SERVICE_ACCOUNT_ID@PROJECT_ID of setup.sh',
          },
        ]),
  ];
  return senders
    .filter(({ value }) => !emails.has(value.toLowerCase()))
    .map(({ value, label }) =>
      located(
        allowed,
        `AUTH_ALLOWED_EMAILS ${quote(allowed.value)} leaves out the push sender ${quote(value)} (${label}): the worker would reject every push with 403`,
      ),
    );
}

function pushTarget(set: ManifestSet): LocatedViolation[] {
  const deployment = cloudRunDeploymentOf(set);
  const { service } = deployment;
  if (service === undefined) return [];
  const region = serviceRegion(service);
  const number = scriptSetting(deployment.script, 'PROJECT_NUMBER')?.value;
  const endpoints = deployment.subscriptions.flatMap((subscription) => {
    const where = documentValue(
      subscription,
      ['spec', 'pushConfig', 'pushEndpoint'],
      `pushEndpoint of ${subscription.name}`,
    );
    const host = where === undefined ? undefined : /^https:\/\/([^/]+)/.exec(where.value)?.[1];
    if (where === undefined || host === undefined) return []; // kcc/push-config reports it
    const deterministic = DETERMINISTIC_URL.exec(where.value);
    const wrong =
      !host.startsWith(`${service.name}-`) && host !== `${service.name}.run.app`
        ? `does not name service ${quote(service.name)}`
        : deterministic !== null && region !== undefined && deterministic[3] !== region
          ? `names region ${quote(deterministic[3])}, the service runs in ${quote(region)}`
          : deterministic !== null && number !== undefined && deterministic[2] !== number
            ? `names project number ${quote(deterministic[2])}, setup.sh has PROJECT_NUMBER ${quote(number)}`
            : undefined;
    return wrong === undefined
      ? []
      : [located(where, `pushEndpoint ${quote(where.value)} ${wrong}: pushes would not reach it`)];
  });
  if (region === undefined) return endpoints; // cloudrun/location-label reports it
  const expected = `projects/${service.namespace}/locations/${region}/services/${service.name}`;
  const grants = invokerGrants(deployment).flatMap((grant) => {
    const where = documentValue(grant, ['spec', 'resourceRef', 'external'], 'resourceRef');
    return where === undefined || where.value === expected
      ? []
      : [
          located(
            where,
            `the run.invoker grant is on ${quote(where.value)}, not on this service ${quote(expected)}: pushes would get 403`,
          ),
        ];
  });
  return [...endpoints, ...grants];
}

function sameProject(set: ManifestSet): LocatedViolation[] {
  const deployment = cloudRunDeploymentOf(set);
  const { service } = deployment;
  if (service === undefined) return [];
  const projects = [
    ...deployment.kcc.map(kccProject),
    ...optional(scriptSetting(deployment.script, 'PROJECT_ID')),
  ];
  return projects
    .filter(({ value }) => value !== service.namespace)
    .map((where) =>
      located(
        where,
        `project ${quote(where.value)} (${where.label}) differs from the Cloud Run service's metadata.namespace ${quote(service.namespace)} (its project)`,
      ),
    );
}

/** The push-authentication rules. */
export const CROSS_PUSH_AUTH_RULES = defineRules('set', SOURCES.cloudRunPubSubPush, {
  'cross/custom-audiences': [
    'run.googleapis.com/custom-audiences is a JSON list holding every push audience that is not a run.app URL (oidcToken.audience, PUSH_AUDIENCE)',
    customAudiences,
    SOURCES.cloudRunCustomAudiences,
  ],
  'cross/auth-audience': [
    "the service's AUTH_AUDIENCE, the subscription's oidcToken.audience and setup.sh PUSH_AUDIENCE are one audience",
    authAudience,
    SOURCES.pubSubPushAuth,
  ],
  'cross/auth-allowed-emails': [
    'AUTH_ALLOWED_EMAILS holds oidcToken.serviceAccountEmail and INVOKER_SERVICE_ACCOUNT_ID@PROJECT_ID.iam.gserviceaccount.com',
    allowedEmails,
    SOURCES.pubSubPushAuth,
  ],
  'cross/push-target': [
    'pushEndpoint and the run.invoker resourceRef.external name this service (name, region, project)',
    pushTarget,
  ],
  'cross/project': [
    "service.yaml metadata.namespace, the Config Connector objects' project and setup.sh PROJECT_ID agree",
    sameProject,
    SOURCES.setupScript,
  ],
});
