import type { DryRunCheck } from '@awoooi/plugin-awoooi-common';
import type { KubernetesApis } from '../clusters/KubernetesClusters';
import { describeKubeError } from '../kubeErrors';

/** One permission an action needs, as a SelfSubjectAccessReview asks it. */
export interface AccessNeed {
  verb: string;
  /** '' for the core group. */
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

function describeNeed(need: AccessNeed): string {
  const resource = need.subresource
    ? `${need.resource}/${need.subresource}`
    : need.resource;
  const object = need.name ? ` ${need.name}` : '';
  const where = need.namespace ? ` in namespace ${need.namespace}` : '';
  return `${need.verb} ${resource}${object}${where}`;
}

/** The `rbac` check: asks the cluster whether its own identity may do each need. */
export async function rbacCheck(
  apis: KubernetesApis,
  needs: AccessNeed[],
): Promise<DryRunCheck> {
  const denied: string[] = [];
  try {
    for (const need of needs) {
      const review = await apis.authorization.createSelfSubjectAccessReview({
        body: {
          apiVersion: 'authorization.k8s.io/v1',
          kind: 'SelfSubjectAccessReview',
          spec: { resourceAttributes: { ...need } },
        },
      });
      if (!review.status?.allowed) {
        const reason = review.status?.reason
          ? ` (${review.status.reason})`
          : '';
        denied.push(`may not ${describeNeed(need)}${reason}`);
      }
    }
  } catch (error) {
    return {
      name: 'rbac',
      outcome: 'fail',
      detail: `access review failed: ${describeKubeError(error)}`,
    };
  }
  if (denied.length > 0) {
    return {
      name: 'rbac',
      outcome: 'fail',
      detail: `cluster ${apis.cluster}: the executor ${denied.join('; ')}`,
    };
  }
  return {
    name: 'rbac',
    outcome: 'pass',
    detail: `cluster ${apis.cluster} allows: ${needs
      .map(describeNeed)
      .join('; ')}`,
  };
}
