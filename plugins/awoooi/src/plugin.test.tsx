import { screen, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Route, Routes } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import type { Entity } from '@backstage/catalog-model';
import type { AwoooiApi } from '@awoooi/plugin-awoooi-common';
import {
  awoooiPlugin,
  awoooiApiRef,
  AwoooiPage,
  EntityAwoooiComplianceCard,
  EntityAwoooiFinOpsContent,
  EntityAwoooiGroupComplianceCard,
  EntityAwoooiIncidentsContent,
  isAwoooiAvailable,
} from './index';
import {
  makeDetails,
  makeIncident,
  mockAwoooiApi,
  SERVICE_REF,
  SRE,
} from './__testUtils__/fixtures';
import { groupEntity, serviceEntity } from './__testUtils__/render';
import { FakeSignalApi } from './__testUtils__/signals';

/**
 * Renders a legacy export in a legacy test app. Routable extensions sit on a
 * route's path, as an app's routes (or an `EntityLayout.Route`) place them.
 */
async function renderLegacy(
  element: ReactElement,
  api: Partial<AwoooiApi>,
  entity?: Entity,
) {
  const page = (
    <Routes>
      <Route path="/page/*" element={element} />
    </Routes>
  );
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [awoooiApiRef, mockAwoooiApi(api)],
        [signalApiRef, new FakeSignalApi()],
      ]}
    >
      {entity ? <EntityProvider entity={entity}>{page}</EntityProvider> : page}
    </TestApiProvider>,
    {
      routeEntries: ['/page'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

// The extensions load their components lazily: the first render takes a while.
jest.setTimeout(30_000);
const LOADED = { timeout: 15_000 };

describe('awoooi plugin (legacy frontend system)', () => {
  it('is the awoooi plugin with its API and the availability check', () => {
    expect(awoooiPlugin.getId()).toBe('awoooi');
    expect(awoooiPlugin.getApis()).toHaveLength(1);
    expect(isAwoooiAvailable(serviceEntity)).toBe(true);
    expect(isAwoooiAvailable(groupEntity)).toBe(false);
  });

  it('AwoooiPage renders the overview with the open incidents', async () => {
    await renderLegacy(<AwoooiPage />, {
      listIncidents: async () => [makeIncident()],
      listUnmappedAlerts: async () => [],
      getMe: async () => SRE,
      listProposals: async () => [],
      listScans: async () => [],
      listHostCapacity: async () => [],
    });
    expect(
      await screen.findByText('Open incidents (1)', undefined, LOADED),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'order-api p99 latency above 2s' }),
    ).toHaveAttribute('href', expect.stringMatching(/order-api\/incidents/));
  });

  it('EntityAwoooiIncidentsContent renders the entity’s incidents', async () => {
    const api = {
      listIncidents: jest.fn(async () => [makeIncident()]),
      getMe: async () => SRE,
      getIncident: async () => makeDetails(),
      getTranscript: async () => [],
    };
    await renderLegacy(<EntityAwoooiIncidentsContent />, api, serviceEntity);
    expect(
      (
        await screen.findAllByText(
          'order-api p99 latency above 2s',
          undefined,
          LOADED,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(api.listIncidents).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: SERVICE_REF }),
    );
  });

  it('EntityAwoooiFinOpsContent renders the entity’s FinOps state', async () => {
    const getFinOps = jest.fn(async () => ({
      entityRef: SERVICE_REF,
      generatedAt: null,
      recommendations: [],
      history: [],
    }));
    await renderLegacy(
      <EntityAwoooiFinOpsContent />,
      {
        getFinOps: getFinOps as any,
        listProposals: async () => [],
        getMe: async () => SRE,
      },
      serviceEntity,
    );
    expect(
      await screen.findByText('No FinOps data yet', undefined, LOADED),
    ).toBeInTheDocument();
    expect(getFinOps).toHaveBeenCalledWith(SERVICE_REF);
  });

  it('EntityAwoooiComplianceCard renders the entity’s score', async () => {
    await renderLegacy(
      <EntityAwoooiComplianceCard />,
      {
        getCompliance: async () => ({
          entityRef: SERVICE_REF,
          score: 82,
          checks: [
            {
              dimension: 'cve_scan',
              status: 'fail',
              evidence: '2 critical CVEs in order-api:1.4.2',
              checkedAt: '2026-11-25T03:00:00Z',
            },
          ],
          history: [],
        }),
      },
      serviceEntity,
    );
    expect(
      await screen.findByRole(
        'img',
        { name: 'compliance score 82 of 100' },
        LOADED,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('list', { name: 'compliance dimensions' }),
    ).toHaveTextContent('2 critical CVEs in order-api:1.4.2');
  });

  it('EntityAwoooiGroupComplianceCard renders the group’s roll-up', async () => {
    await renderLegacy(
      <EntityAwoooiGroupComplianceCard />,
      {
        getGroupCompliance: async () => ({
          groupRef: 'group:default/payments',
          score: 71,
          entities: [{ entityRef: 'resource:default/postgres-db', score: 55 }],
        }),
      },
      groupEntity,
    );
    expect(
      await screen.findByRole(
        'img',
        { name: 'compliance score 71 of 100' },
        LOADED,
      ),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'entity scores' });
    expect(within(list).getByText(/postgres-db/)).toBeInTheDocument();
  });
});
