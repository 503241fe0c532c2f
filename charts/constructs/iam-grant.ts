import { Construct } from 'constructs';
import {
  IamPolicyMember,
  type IamPolicyMemberSpecResourceRef,
} from '../../cdk8s/imports/iampolicymember-iam.cnrm.cloud.google.com';
import { kccMetadata } from './kcc-metadata';

/** Props of {@link IamGrant}. */
export interface IamGrantProps {
  /** The IAMPolicyMember object's name. */
  readonly name: string;
  /** Config Connector's namespace. */
  readonly namespace: string;
  /** The project the binding is made in. */
  readonly projectId: string;
  /**
   * Who is granted: an IAM principal such as `serviceAccount:<e-mail>` (a service agent, an account
   * outside this file, a Workload Identity principal), or the name of an `IAMServiceAccount` object
   * in this file (then Config Connector waits for the account).
   */
  readonly member: { readonly principal: string } | { readonly serviceAccountObject: string };
  /** The role, e.g. `roles/pubsub.publisher`. */
  readonly role: string;
  /**
   * The resource the binding is on: a Config Connector object (`name`) or a resource outside
   * Config Connector (`external`).
   *
   * @see https://cloud.google.com/config-connector/docs/reference/resource-docs/iam/iampolicymember
   */
  readonly resourceRef: IamPolicyMemberSpecResourceRef;
}

/**
 * One IAM binding as a Config Connector `IAMPolicyMember` (`iam.cnrm.cloud.google.com/v1beta1`):
 * additive, it leaves the resource's other bindings alone.
 */
export class IamGrant extends Construct {
  readonly apiObject: IamPolicyMember;

  constructor(scope: Construct, id: string, props: IamGrantProps) {
    super(scope, id);
    const { member } = props;
    this.apiObject = new IamPolicyMember(this, 'Resource', {
      metadata: kccMetadata(props.name, props.namespace, props.projectId),
      spec: {
        ...('principal' in member
          ? { member: member.principal }
          : { memberFrom: { serviceAccountRef: { name: member.serviceAccountObject } } }),
        role: props.role,
        resourceRef: props.resourceRef,
      },
    });
  }
}
