import { screen, within } from '@testing-library/react';
import type { ComplianceReport } from '@awoooi/plugin-awoooi-common';
import { mockAwoooiApi, SERVICE_REF } from '../../__testUtils__/fixtures';
import {
  groupEntity,
  pending,
  renderWithApi,
  serviceEntity,
} from '../../__testUtils__/render';
import { EntityComplianceCard } from './EntityComplianceCard';
import { EntityGroupComplianceCard } from './GroupComplianceCard';
import { scoreColor } from './ComplianceScore';

const checkedAt = '2026-11-25T03:00:00Z';

function report(overrides: Partial<ComplianceReport> = {}): ComplianceReport {
  return {
    entityRef: SERVICE_REF,
    score: 82,
    checks: [
      {
        dimension: 'secret_rotated',
        status: 'warning',
        evidence: 'db-password is 97 days old',
        checkedAt,
      },
      {
        dimension: 'ssl_cert_valid',
        status: 'pass',
        evidence: 'api.example.com valid for 64 days',
        checkedAt,
      },
      {
        dimension: 'cve_scan',
        status: 'fail',
        evidence: '2 critical CVEs in order-api:1.4.2',
        checkedAt,
      },
      {
        dimension: 'backup_tested',
        status: 'pass',
        evidence: 'restore drill 2026-11-02',
        checkedAt,
      },
      {
        dimension: 'audit_log_enabled',
        status: 'pass',
        evidence: 'audit annotation set',
        checkedAt,
      },
      {
        dimension: 'access_reviewed',
        status: 'unknown',
        evidence: 'no evidence source configured',
        checkedAt,
      },
    ],
    history: [],
    ...overrides,
  };
}

describe('EntityComplianceCard', () => {
  it('shows progress while loading', async () => {
    renderWithApi(<EntityComplianceCard />, {
      api: mockAwoooiApi({ getCompliance: () => pending() }),
      entity: serviceEntity,
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows an error', async () => {
    renderWithApi(<EntityComplianceCard />, {
      api: mockAwoooiApi({
        getCompliance: async () => {
          throw new Error('compliance store offline');
        },
      }),
      entity: serviceEntity,
    });
    expect(
      (await screen.findAllByText(/compliance store offline/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows an empty state before the first scan', async () => {
    renderWithApi(<EntityComplianceCard />, {
      api: mockAwoooiApi({
        getCompliance: async () => report({ score: null, checks: [] }),
      }),
      entity: serviceEntity,
    });
    expect(await screen.findByText('Not scanned yet')).toBeInTheDocument();
  });

  it('shows the score and all seven dimensions with their evidence', async () => {
    const api = mockAwoooiApi({ getCompliance: async () => report() });
    renderWithApi(<EntityComplianceCard />, { api, entity: serviceEntity });
    expect(
      await screen.findByRole('img', { name: 'compliance score 82 of 100' }),
    ).toHaveTextContent('82/ 100');
    expect(api.getCompliance).toHaveBeenCalledWith(SERVICE_REF);
    const items = within(
      screen.getByRole('list', { name: 'compliance dimensions' }),
    ).getAllByRole('listitem');
    expect(items).toHaveLength(7);
    expect(items[0]).toHaveTextContent('Secrets rotated');
    expect(items[1]).toHaveTextContent('SSL certificate valid');
    expect(items[0]).toHaveTextContent('db-password is 97 days old');
    expect(within(items[0]).getByLabelText('warning')).toBeInTheDocument();
    expect(within(items[2]).getByLabelText('fail')).toBeInTheDocument();
    expect(within(items[1]).getByLabelText('pass')).toBeInTheDocument();
    expect(within(items[5]).getByLabelText('unknown')).toBeInTheDocument();
    expect(items[6]).toHaveTextContent('Encryption at rest');
    expect(items[6]).toHaveTextContent('not checked yet');
  });
});

describe('EntityGroupComplianceCard', () => {
  it('shows the roll-up with the worst entity first', async () => {
    const api = mockAwoooiApi({
      getGroupCompliance: async () => ({
        groupRef: 'group:default/payments',
        score: 71,
        entities: [
          { entityRef: 'component:default/order-api', score: 82 },
          { entityRef: 'resource:default/postgres-db', score: 55 },
          { entityRef: 'component:default/ledger', score: null },
        ],
      }),
    });
    renderWithApi(<EntityGroupComplianceCard />, { api, entity: groupEntity });
    expect(
      await screen.findByRole('img', { name: 'compliance score 71 of 100' }),
    ).toBeInTheDocument();
    expect(api.getGroupCompliance).toHaveBeenCalledWith(
      'group:default/payments',
    );
    const items = within(
      screen.getByRole('list', { name: 'entity scores' }),
    ).getAllByRole('listitem');
    expect(items.map(i => i.textContent)).toEqual([
      expect.stringMatching(/ledger.*—$/),
      expect.stringMatching(/postgres-db.*55$/),
      expect.stringMatching(/order-api.*82$/),
    ]);
    expect(within(items[1]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/postgres-db',
    );
  });

  it('shows an empty state when the group owns nothing scanned', async () => {
    renderWithApi(<EntityGroupComplianceCard />, {
      api: mockAwoooiApi({
        getGroupCompliance: async () => ({
          groupRef: 'group:default/payments',
          score: null,
          entities: [],
        }),
      }),
      entity: groupEntity,
    });
    expect(await screen.findByText('Nothing scanned')).toBeInTheDocument();
  });

  it('shows an error', async () => {
    renderWithApi(<EntityGroupComplianceCard />, {
      api: mockAwoooiApi({
        getGroupCompliance: async () => {
          throw new Error('group not found in catalog');
        },
      }),
      entity: groupEntity,
    });
    expect(
      (await screen.findAllByText(/group not found in catalog/)).length,
    ).toBeGreaterThan(0);
  });

  it('shows progress while loading', async () => {
    renderWithApi(<EntityGroupComplianceCard />, {
      api: mockAwoooiApi({ getGroupCompliance: () => pending() }),
      entity: groupEntity,
    });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });
});

describe('scoreColor', () => {
  it('is green from 80, amber from 60, red below and grey without a score', () => {
    expect(scoreColor(80)).toBe('#2e7d32');
    expect(scoreColor(79.9)).toBe('#b26a00');
    expect(scoreColor(60)).toBe('#b26a00');
    expect(scoreColor(59)).toBe('#c62828');
    expect(scoreColor(null)).toBe('#757575');
  });
});
