import {
  awoooiAlertCreatePermission,
  awoooiIncidentReadPermission,
} from '@awoooi/plugin-awoooi-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyQueryUser } from '@backstage/plugin-permission-node';
import { AwoooiPermissionPolicy } from './permissionPolicy';

const roles = {
  admin: ['group:default/admins'],
  devops: [],
  sre: ['group:default/sre'],
  cto: [],
  ciso: [],
};

function user(...ownershipEntityRefs: string[]): PolicyQueryUser {
  return {
    info: { userEntityRef: 'user:default/someone', ownershipEntityRefs },
  } as PolicyQueryUser;
}

describe('AwoooiPermissionPolicy', () => {
  const policy = new AwoooiPermissionPolicy(roles);

  it('grants alert creation to no person, whatever their roles', async () => {
    for (const who of [
      user(),
      user('group:default/sre'),
      user('group:default/admins'),
    ]) {
      const decision = await policy.handle(
        { permission: awoooiAlertCreatePermission },
        who,
      );
      expect(decision.result).toBe(AuthorizeResult.DENY);
    }
  });

  it('keeps reading open to signed-in people', async () => {
    const decision = await policy.handle(
      { permission: awoooiIncidentReadPermission },
      user(),
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });
});
