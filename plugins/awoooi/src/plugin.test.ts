import {
  awoooiPlugin,
  EntityAwoooiComplianceCard,
  EntityAwoooiFinOpsContent,
  EntityAwoooiIncidentsContent,
  isAwoooiAvailable,
} from './index';

describe('awoooi plugin (legacy frontend system)', () => {
  it('exports the plugin, its extensions and the availability check', () => {
    expect(awoooiPlugin.getId()).toBe('awoooi');
    expect(awoooiPlugin.getApis()).toHaveLength(1);
    expect(EntityAwoooiIncidentsContent).toBeDefined();
    expect(EntityAwoooiFinOpsContent).toBeDefined();
    expect(EntityAwoooiComplianceCard).toBeDefined();
    expect(
      isAwoooiAvailable({
        apiVersion: 'v1',
        kind: 'Component',
        metadata: { name: 'a' },
      }),
    ).toBe(true);
  });
});
