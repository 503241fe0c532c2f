/**
 * Google Cloud's names for projects, regions and service accounts, for the deployment config
 * schema, setup.sh's input checks and the manifest validator. Pure data: nothing here computes.
 */

/** Project, region and service-account names. */
export const GOOGLE_CLOUD_NAMES = {
  /**
   * A project ID: 6 to 30 lowercase letters, digits and `-`, from a letter to a letter or digit.
   *
   * @see https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin
   */
  projectId: { pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, maxLength: 30 },
  /**
   * A project number: decimal digits without a leading zero; an int64, so at most 19 digits.
   *
   * @see https://cloud.google.com/resource-manager/docs/creating-managing-projects#identifying_projects
   */
  projectNumber: { pattern: /^[1-9][0-9]{0,18}$/ },
  /**
   * The shape of a region name such as `us-central1` or `northamerica-northeast2` (which regions
   * exist is each product's list, such as `CLOUD_RUN_REGIONS`).
   *
   * @see https://cloud.google.com/compute/docs/regions-zones
   */
  region: { pattern: /^[a-z]+(-[a-z]+)+[0-9]+$/ },
  /**
   * A service-account ID, the part of a user-managed account's e-mail before `@`: 6 to 30 lowercase
   * letters, digits and `-`, from a letter to a letter or digit.
   *
   * @see https://cloud.google.com/iam/docs/service-accounts-create#creating
   */
  serviceAccountId: { pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, maxLength: 30 },
  /**
   * The e-mail of a user-managed service account (`ID@PROJECT_ID.iam.gserviceaccount.com`) or of
   * the Compute Engine default account (`PROJECT_NUMBER-compute@developer.gserviceaccount.com`).
   *
   * @see https://cloud.google.com/iam/docs/service-account-types
   */
  serviceAccountEmail: {
    pattern:
      /^([a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z][a-z0-9-]{4,28}[a-z0-9]\.iam\.gserviceaccount\.com|[0-9]+-compute@developer\.gserviceaccount\.com)$/,
  },
  /**
   * The e-mail of any service account, service agents included: `NAME@DOMAIN.gserviceaccount.com`.
   *
   * @see https://cloud.google.com/iam/docs/service-account-types
   */
  anyServiceAccountEmail: {
    pattern:
      /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?@[a-z0-9](?:[a-z0-9.-]{0,200}[a-z0-9])?\.gserviceaccount\.com$/,
  },
  /**
   * A Secret Manager secret ID: letters, digits, `-` and `_`, at most 255 characters.
   *
   * @see https://cloud.google.com/secret-manager/docs/reference/rest/v1/projects.secrets/create
   */
  secretId: { pattern: /^[A-Za-z0-9_-]+$/, maxLength: 255 },
  /**
   * A label of a Google Cloud resource (a Cloud Run service or revision): the key starts with a
   * lowercase letter; key and value hold lowercase letters, digits, `_` and `-` (international
   * letters included), at most 63 characters each.
   *
   * @see https://cloud.google.com/resource-manager/docs/labels-overview#requirements
   */
  label: {
    key: /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]*$/u,
    value: /^[\p{Ll}\p{Lo}\p{N}_-]*$/u,
    maxLength: 63,
  },
} as const;
