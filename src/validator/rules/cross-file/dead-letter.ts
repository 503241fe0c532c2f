/**
 * A Broker's or Trigger's `spec.delivery.deadLetterSink.ref` (DESIGN 4.2; MANIFESTS 2.2): a kind
 * this output generates (Broker, Service) must name an object of the output; any other kind must be
 * an Addressable Knative knows, so a typo such as `Brokr` is caught before events are lost.
 */
import type { ManifestSet } from '../../core/manifest-document';
import { mappingAt, quote } from '../../core/object-access';
import { documentsOfKind, resolveReference } from '../../core/references';
import { setRule, type LocatedViolation, type SetRule } from '../../core/rule';

/** Kinds the Knative output holds: a reference to one must resolve within it. */
const OUTPUT_KINDS: ReadonlySet<string> = new Set(['Broker', 'Service']);
/** Addressable kinds that may live outside the output. */
const EXTERNAL_KINDS: ReadonlySet<string> = new Set([
  'Channel',
  'InMemoryChannel',
  'KafkaChannel',
  'KafkaSink',
  'Sequence',
  'Parallel',
]);
const PATH = ['spec', 'delivery', 'deadLetterSink', 'ref'];

function deadLetterSinks(set: ManifestSet): LocatedViolation[] {
  return [...documentsOfKind(set, 'Broker'), ...documentsOfKind(set, 'Trigger')].flatMap(
    (document): LocatedViolation[] => {
      const ref = mappingAt(document.object, PATH);
      const kind = ref?.['kind'];
      if (ref === undefined || typeof kind !== 'string') return [];
      if (OUTPUT_KINDS.has(kind)) {
        const target = resolveReference(set, document, kind, ref);
        return target !== undefined && target.apiVersion === ref['apiVersion']
          ? []
          : [
              {
                subject: document,
                path: PATH,
                message: `no ${String(ref['apiVersion'])} ${kind} named ${quote(ref['name'])} in the output: dead letters would be lost`,
              },
            ];
      }
      return EXTERNAL_KINDS.has(kind)
        ? []
        : [
            {
              subject: document,
              path: [...PATH, 'kind'],
              message: `deadLetterSink kind ${quote(kind)} is not an Addressable kind (${[...OUTPUT_KINDS, ...EXTERNAL_KINDS].join(', ')})`,
            },
          ];
    },
  );
}

/** The dead-letter sink rule. */
export const CROSS_DEAD_LETTER_RULES: readonly SetRule[] = [
  setRule(
    'cross/dead-letter-sink',
    'deadLetterSink.ref names a Broker or Service of the output, or a known Addressable kind',
    'DESIGN.md 4.2; MANIFESTS.md 2.2',
    deadLetterSinks,
  ),
];
