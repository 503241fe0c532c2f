/**
 * cloudevents/conformance (`../shared/fixtures/conformance/cloudevents-conformance`): every YAML
 * event, sent in the content mode its case names (both when it names none), and every scenario of
 * the HTTP protocol binding feature. These are not storage or Pub/Sub types, so a valid event
 * passes through with its own id, source and type; an invalid one is a DecodeError (answered 400),
 * never another failure (a 5xx).
 */
import { DecodeError } from '../../src/errors';
import { decodeDelivery } from '../../src/events/decode/decode-delivery';
import { featureCases, isJsonContentType, yamlCases } from './cloudevents-cases';
import { cloudEventRequest, type CloudEventFixture } from './cloudevent-requests';
import { decodeOne } from './decoded-event';

/** CloudEvents spec: the REQUIRED context attributes. */
const REQUIRED_ATTRIBUTES = ['specversion', 'id', 'source', 'type'] as const;
/** The spec versions these cases are written for. */
const SPEC_VERSIONS = ['0.3', '1.0'];

/** Why an event breaks the CloudEvents spec, or `undefined` when it is valid. */
function violationOf({ attributes, data }: CloudEventFixture): string | undefined {
  const missing = REQUIRED_ATTRIBUTES.find((name) => (attributes[name] ?? '') === '');
  if (missing !== undefined) return `the required attribute ${missing} is missing`;
  if (!SPEC_VERSIONS.includes(attributes.specversion ?? '')) return 'the specversion is unknown';
  const contentType = attributes.datacontenttype;
  if (contentType !== undefined && isJsonContentType(contentType) && data.kind !== 'json') {
    return 'the data is not the JSON its datacontenttype declares';
  }
  return undefined;
}

const sent = yamlCases().flatMap((yamlCase) =>
  yamlCase.modes.map((mode) => ({
    title: `${yamlCase.name} ${yamlCase.event.attributes.id ?? ''} [${mode}]`,
    mode,
    event: yamlCase.event,
    transportHeaders: yamlCase.transportHeaders,
  })),
);
/** Each case again without one required attribute: the spec's negative cases. */
const withoutRequired = sent.flatMap((row) =>
  REQUIRED_ATTRIBUTES.map((dropped) => ({
    ...row,
    title: `${row.title} without ${dropped}`,
    event: {
      ...row.event,
      attributes: Object.fromEntries(
        Object.entries(row.event.attributes).filter(([name]) => name !== dropped),
      ),
    },
  })),
);

describe('YAML events', () => {
  test.each(sent.filter((row) => violationOf(row.event) === undefined))(
    '$title passes through with its own id, source, type and JSON data',
    ({ mode, event, transportHeaders }) => {
      const { id, source, type, time } = event.attributes;

      expect(decodeOne(cloudEventRequest(mode, event, transportHeaders))).toMatchObject({
        specversion: '1.0',
        id,
        source,
        type,
        ...(time === undefined ? {} : { time }),
        ...(event.data.kind === 'json' ? { data: event.data.value } : {}),
      });
    },
  );

  test.each([...sent, ...withoutRequired].filter((row) => violationOf(row.event) !== undefined))(
    '$title is rejected with a DecodeError',
    ({ mode, event, transportHeaders }) => {
      expect(() => decodeDelivery(cloudEventRequest(mode, event, transportHeaders))).toThrow(
        DecodeError,
      );
    },
  );
});

describe('HTTP protocol binding feature', () => {
  test.each(featureCases())('$name', ({ message, attributes, data }) => {
    const { datacontenttype, ...context } = attributes;
    const event = decodeOne(message);

    expect(event).toMatchObject(context);
    expect(event.datacontenttype).toBe(datacontenttype?.split(';')[0]);
    expect(event.data).toEqual(data);
  });
});
