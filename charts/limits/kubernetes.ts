/**
 * Kubernetes' name and quantity syntaxes, for the deployment config schema and the manifest
 * validator. Pure data: nothing here computes.
 */

/**
 * Object names and label syntaxes.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
 */
export const KUBERNETES_NAMES = {
  /** A DNS-1123 label (namespaces, most objects): lowercase letters, digits and `-`, from and to a letter or digit. */
  dns1123Label: { pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, maxLength: 63 },
  /** A DNS-1123 subdomain (ServiceAccounts): DNS-1123 labels joined by dots. */
  dns1123Subdomain: {
    pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    maxLength: 253,
  },
  /** A DNS-1035 label (Services, Knative revision names): like a DNS-1123 label, from a letter. */
  dns1035Label: { pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/, maxLength: 63 },
  /** A label value: empty, or alphanumerics with `-`, `_` and `.` inside. */
  labelValue: { pattern: /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, maxLength: 63 },
  /** The name part of a label or annotation key (after an optional `prefix/`). */
  qualifiedName: { pattern: /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/, maxLength: 63 },
  /**
   * A key of a Secret's or ConfigMap's data (also the file name a volume projects it as): letters, digits, `-`, `_` and `.`.
   *
   * @see https://kubernetes.io/docs/concepts/configuration/secret/#restriction-names-data
   */
  dataKey: { pattern: /^[-._a-zA-Z0-9]+$/, maxLength: 253 },
  /**
   * The `sub` of a service account's token: `system:serviceaccount:NAMESPACE:NAME`, the namespace a
   * DNS-1123 label, the name a DNS-1123 subdomain.
   *
   * @see https://kubernetes.io/docs/reference/access-authn-authz/service-accounts-admin/
   */
  serviceAccountSubject: {
    pattern:
      /^system:serviceaccount:[a-z0-9]([-a-z0-9]*[a-z0-9])?:[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    maxLength: 340,
  },
} as const;

/**
 * Resource quantities in the forms the kit reads (a subset of Kubernetes' grammar): CPU as whole or
 * fractional cores (`1`, `0.5`) or millicores (`250m`), memory with a binary or decimal suffix
 * (`512Mi`, `1Gi`, `256M`), and the bytes of each memory suffix.
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */
export const KUBERNETES_QUANTITIES = {
  cpu: /^([0-9]+(\.[0-9]+)?|[0-9]+m)$/,
  memory: /^[0-9]+(Ki|Mi|Gi|Ti|k|M|G|T)$/,
  memoryUnitBytes: {
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  },
  /**
   * Every suffix of Kubernetes' quantity grammar with its multiplier (binary SI, decimal SI), for
   * reading any quantity a manifest holds; a decimal exponent (`1e3`) is read apart.
   */
  suffixMultipliers: {
    '': 1,
    n: 1e-9,
    u: 1e-6,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    Pi: 2 ** 50,
    Ei: 2 ** 60,
  },
} as const;
