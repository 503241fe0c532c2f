/**
 * A client-node `KubernetesObjectApi` whose every request carries `fieldValidation`, as the apply
 * command sends it: `KubernetesObjectApi.patch` has no parameter for it, so a middleware adds the
 * query parameter.
 *
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
 */
import {
  KubernetesObjectApi,
  ServerConfiguration,
  createConfiguration,
  type KubeConfig,
} from '@kubernetes/client-node';

/** How the API server treats unknown or duplicate fields. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/**
 * A `KubernetesObjectApi` for `config`'s current context that sends
 * `fieldValidation=<fieldValidation>` with every request.
 *
 * @throws Error when `config` has no current cluster.
 */
export function objectApiWithFieldValidation(
  config: KubeConfig,
  fieldValidation: FieldValidation,
): KubernetesObjectApi {
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig has no current cluster');
  return new KubernetesObjectApi(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: config },
      promiseMiddleware: [
        {
          pre: (context) => {
            context.setQueryParam('fieldValidation', fieldValidation);
            return Promise.resolve(context);
          },
          post: (context) => Promise.resolve(context),
        },
      ],
    }),
  );
}
