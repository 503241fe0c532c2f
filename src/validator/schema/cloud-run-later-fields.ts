/**
 * Fields Cloud Run accepts that the saved discovery document (revision 20220408) predates. The
 * document is a floor: a field in it is accepted by `gcloud run services replace`; a field missing
 * from it is accepted only where MANIFESTS.md 4.2 documents it as a later addition. These are those
 * additions, merged into the derived schema, and `HTTPGetAction.port`, absent from the document
 * but an int32 field of gcloud 528's `run_v1_messages.HTTPGetAction` (so `gcloud run services
 * replace` takes it). Nothing else is added.
 *
 * @see MANIFESTS.md 4.2 (RevisionSpec `nodeSelector`, `runtimeClassName`; Probe `grpc`; volumes
 *   `emptyDir` with `medium`/`sizeLimit`, `csi`, `nfs`)
 */

/** A discovery-style property definition (`type`, `$ref`, `items`, `additionalProperties`). */
export type DiscoveryProperty = Readonly<Record<string, unknown>>;

/** New properties on existing discovery schemas, by schema id. */
export const CLOUD_RUN_LATER_PROPERTIES: Readonly<
  Record<string, Readonly<Record<string, DiscoveryProperty>>>
> = {
  RevisionSpec: {
    nodeSelector: { type: 'object', additionalProperties: { type: 'string' } },
    runtimeClassName: { type: 'string' },
  },
  Probe: { grpc: { $ref: 'GRPCAction' } },
  HTTPGetAction: { port: { type: 'integer', format: 'int32' } },
  Volume: {
    emptyDir: { $ref: 'EmptyDirVolumeSource' },
    csi: { $ref: 'CSIVolumeSource' },
    nfs: { $ref: 'NFSVolumeSource' },
  },
};

/**
 * New schemas those properties refer to. `medium` and `sizeLimit` are from MANIFESTS 4.2; the
 * `grpc`, `csi` and `nfs` field sets follow the Cloud Run Admin API v1 REST reference
 * (`GRPCAction`, `CSIVolumeSource`, `NFSVolumeSource`), which MANIFESTS names but does not spell out.
 */
export const CLOUD_RUN_LATER_SCHEMAS: Readonly<
  Record<string, { readonly properties: Readonly<Record<string, DiscoveryProperty>> }>
> = {
  GRPCAction: {
    properties: { port: { type: 'integer', format: 'int32' }, service: { type: 'string' } },
  },
  EmptyDirVolumeSource: {
    properties: { medium: { type: 'string' }, sizeLimit: { type: 'string' } },
  },
  CSIVolumeSource: {
    properties: {
      driver: { type: 'string' },
      readOnly: { type: 'boolean' },
      volumeAttributes: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
  NFSVolumeSource: {
    properties: {
      path: { type: 'string' },
      readOnly: { type: 'boolean' },
      server: { type: 'string' },
    },
  },
};
