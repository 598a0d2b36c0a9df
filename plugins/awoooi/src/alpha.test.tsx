import { screen } from '@testing-library/react';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import type { Entity } from '@backstage/catalog-model';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import awoooiPlugin from './alpha';
import { awoooiApiRef } from './api';
import { mockAwoooiApi } from './__testUtils__/fixtures';

const entity = (
  kind: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations },
});

describe('awoooi plugin (new frontend system)', () => {
  it('is the awoooi plugin', () => {
    expect(awoooiPlugin.pluginId).toBe('awoooi');
  });

  it.each([
    ['entity-content:awoooi/incidents', 'incidents'],
    ['entity-content:awoooi/finops', 'finops'],
  ] as const)('mounts %s at %s for AWOOOI entities only', (id, path) => {
    const tester = createExtensionTester(awoooiPlugin.getExtension(id));
    expect(tester.get(coreExtensionData.routePath)).toBe(path);
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity('Component'))).toBe(true);
    expect(filter(entity('Resource'))).toBe(true);
    expect(filter(entity('Group'))).toBe(false);
    expect(filter(entity('Component', { 'awoooi.io/enabled': 'false' }))).toBe(
      false,
    );
  });

  it('puts the compliance card on AWOOOI entities and the roll-up on groups', () => {
    const card = createExtensionTester(
      awoooiPlugin.getExtension('entity-card:awoooi/compliance'),
    );
    expect(
      card.get(EntityCardBlueprint.dataRefs.filterFunction)!(entity('System')),
    ).toBe(true);
    expect(
      card.get(EntityCardBlueprint.dataRefs.filterFunction)!(entity('User')),
    ).toBe(false);
    const group = createExtensionTester(
      awoooiPlugin.getExtension('entity-card:awoooi/group-compliance'),
    );
    const isGroup = group.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(isGroup(entity('Group'))).toBe(true);
    expect(isGroup(entity('Component'))).toBe(false);
  });

  it('serves the overview page at /awoooi titled AWOOOI', async () => {
    const tester = createExtensionTester(
      awoooiPlugin.getExtension('page:awoooi'),
    );
    expect(tester.get(coreExtensionData.routePath)).toBe('/awoooi');
    expect(tester.get(coreExtensionData.title)).toBe('AWOOOI');
    renderInTestApp(tester.reactElement(), {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [
          awoooiApiRef,
          mockAwoooiApi({
            listIncidents: async () => [],
            listUnmappedAlerts: async () => [],
            getMe: async () => ({
              userEntityRef: 'user:default/sam',
              roles: [],
            }),
            listProposals: async () => [],
            listScans: async () => [],
            listHostCapacity: async () => [],
          }),
        ],
      ],
    });
    expect(await screen.findByText('No open incidents')).toBeInTheDocument();
    expect(screen.getAllByText('AWOOOI').length).toBeGreaterThan(0);
  });
});
