/**
 * Where older producers put the bucket and object name when the data does not say: the three
 * `source`/`subject` conventions for storage events and the legacy resource name.
 *
 * @see https://cloud.google.com/eventarc/docs/cloudevents (current)
 * @see https://github.com/google/knative-gcp/tree/4a435faedc46726299800e1cdf2ad998c357b25b/pkg/schemas/v1 (knative-gcp)
 * @see https://github.com/GoogleCloudPlatform/functions-framework-conformance/blob/86ea75023bd1b906b55d89b64dbdf80b49b850cc/docs/mapping.md (functions-framework)
 */

/**
 * `//storage.googleapis.com/projects/_/buckets/B` (current), `//storage.googleapis.com/buckets/B`
 * (knative-gcp 2019 to mid-2020), either followed by `/objects/NAME` (functions-framework before
 * Nov 2020 put the object in `source` and sent no subject).
 */
const STORAGE_SOURCE =
  /^\/\/storage\.googleapis\.com\/(projects\/[^/]+\/)?buckets\/([^/]+)(?:\/objects\/(.+))?$/;

/**
 * Legacy Cloud Functions resource name `projects/_/buckets/B/objects/NAME`, optionally ending in
 * `#<generation>`.
 */
const LEGACY_RESOURCE = /^projects\/[^/]+\/buckets\/([^/]+)\/objects\/(.+?)(?:#(\d+))?$/;

/** Bucket, name and generation as far as a source, subject or resource name tells them. */
export interface ObjectLocation {
  readonly bucket: string | undefined;
  readonly name: string | undefined;
  readonly generation?: string | undefined;
}

/**
 * Reads the bucket and object name from a CloudEvent `source` and `subject`. The subject is
 * `objects/NAME` except with the 2019 source (no `projects/` segment), whose subject is the raw name
 * (which may itself start with `objects/`).
 */
export function locateFromSource(source: string, subject: string | undefined): ObjectLocation {
  const match = STORAGE_SOURCE.exec(source);
  const rawSubject = match !== null && match[1] === undefined;
  const nameFromSubject =
    subject === undefined || subject === ''
      ? undefined
      : !rawSubject && subject.startsWith('objects/')
        ? subject.slice('objects/'.length)
        : subject;
  return { bucket: match?.[2], name: match?.[3] ?? nameFromSubject };
}

/** Reads bucket, name and generation from a legacy resource name. */
export function locateFromResource(resource: string): ObjectLocation {
  const match = LEGACY_RESOURCE.exec(resource);
  return { bucket: match?.[1], name: match?.[2], generation: match?.[3] };
}
