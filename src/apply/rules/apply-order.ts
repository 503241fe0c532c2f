/**
 * The order objects are applied in, by kind: what others refer to comes first (the Namespace they
 * live in, the identities they run as, the Broker and Service a Trigger joins, the Broker a source
 * sends to). Objects of one rank keep their order in the manifests; kinds not in the table come
 * last. Controllers reconcile references that arrive late, so the order spares warnings and
 * retries rather than being required; a refusal stops the ranks after it.
 */

/** Kind → rank, lowest first. */
export const APPLY_ORDER: Readonly<Record<string, number>> = Object.freeze({
  // The namespace everything else lives in.
  Namespace: 0,
  // Identities and configuration that workloads name.
  ServiceAccount: 1,
  Secret: 1,
  ConfigMap: 1,
  Role: 1,
  RoleBinding: 1,
  IAMServiceAccount: 1,
  // Destinations: where events go.
  Broker: 2,
  Service: 2,
  Channel: 2,
  InMemoryChannel: 2,
  PubSubTopic: 2,
  StorageBucket: 2,
  // Routes and grants between destinations.
  Trigger: 3,
  Subscription: 3,
  PubSubSubscription: 3,
  StorageNotification: 3,
  IAMPolicyMember: 3,
  // Sources: they send to a Broker that exists by now.
  ContainerSource: 4,
  SinkBinding: 4,
  PingSource: 4,
  ApiServerSource: 4,
  CloudStorageSource: 4,
  CloudPubSubSource: 4,
});

/** The rank of kinds not in `APPLY_ORDER`: after all others. */
export const UNKNOWN_KIND_RANK = 5;

/** The rank of `kind`. */
export function applyRankOf(kind: string): number {
  return APPLY_ORDER[kind] ?? UNKNOWN_KIND_RANK;
}

/** `items` sorted by the rank of their kind, stable (the manifests' order within a rank). */
export function sortForApply<T>(items: readonly T[], kindOf: (item: T) => string): T[] {
  return items
    .map((item, index) => ({ item, index, rank: applyRankOf(kindOf(item)) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ item }) => item);
}
