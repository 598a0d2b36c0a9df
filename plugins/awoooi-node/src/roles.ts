import type { Config } from '@backstage/config';
import { APPROVER_ROLES, ApproverRole } from '@awoooi/plugin-awoooi-common';

/** `awoooi.roles`: approver role → catalog refs (groups or users) that hold it. */
export type RoleMapping = Record<ApproverRole, string[]>;

export function readRoleMapping(config: Config): RoleMapping {
  const mapping = {} as RoleMapping;
  const rolesConfig = config.getOptionalConfig('awoooi.roles');
  for (const role of APPROVER_ROLES) {
    mapping[role] = (rolesConfig?.getOptionalStringArray(role) ?? []).map(ref =>
      ref.toLocaleLowerCase('en-US'),
    );
  }
  return mapping;
}

/** The approver roles held by someone with these ownership refs (their user and groups). */
export function rolesOf(
  mapping: RoleMapping,
  ownershipEntityRefs: string[],
): ApproverRole[] {
  const owned = new Set(
    ownershipEntityRefs.map(r => r.toLocaleLowerCase('en-US')),
  );
  return APPROVER_ROLES.filter(role =>
    mapping[role].some(ref => owned.has(ref)),
  );
}
