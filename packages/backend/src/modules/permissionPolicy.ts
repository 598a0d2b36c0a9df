import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  awoooiAlertCreatePermission,
  awoooiAuditReadPermission,
  awoooiEvidenceCreatePermission,
  awoooiProposalApprovePermission,
  awoooiProposalCreatePermission,
  awoooiScanRunPermission,
  ApproverRole,
} from '@awoooi/plugin-awoooi-common';
import {
  RoleMapping,
  readRoleMapping,
  rolesOf,
} from '@awoooi/plugin-awoooi-node';

/**
 * Which approver roles grant each AWOOOI permission that is not open to every
 * user. Alert creation is for alert senders (service principals, which never
 * reach a policy), so no person holds it.
 */
const ROLE_GATED: Record<string, ApproverRole[]> = {
  [awoooiAlertCreatePermission.name]: [],
  [awoooiProposalApprovePermission.name]: [
    'admin',
    'devops',
    'sre',
    'cto',
    'ciso',
  ],
  [awoooiProposalCreatePermission.name]: ['admin', 'devops', 'sre'],
  [awoooiScanRunPermission.name]: ['admin', 'devops', 'sre'],
  [awoooiAuditReadPermission.name]: ['admin', 'devops', 'sre', 'cto', 'ciso'],
  [awoooiEvidenceCreatePermission.name]: ['admin', 'devops', 'sre', 'ciso'],
};

/**
 * The app's permission policy: AWOOOI's sensitive permissions go to the
 * approver roles of `awoooi.roles` (resolved from the caller's ownership
 * refs, never from the request); alert creation to no person; reading stays
 * open to signed-in users;
 * everything else in the app is allowed as before.
 */
export class AwoooiPermissionPolicy implements PermissionPolicy {
  constructor(private readonly roles: RoleMapping) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const gate = ROLE_GATED[request.permission.name];
    if (!gate) return { result: AuthorizeResult.ALLOW };
    const held = rolesOf(this.roles, user?.info.ownershipEntityRefs ?? []);
    return {
      result: held.some(r => gate.includes(r))
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }
}

export const permissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'awoooi-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(new AwoooiPermissionPolicy(readRoleMapping(config)));
      },
    });
  },
});
