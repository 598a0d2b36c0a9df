import type {
  Alert,
  Incident,
  IncidentAnalysis,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import { buildIncidentReport } from './buildIncidentReport';
import { reportMarkdown } from './reportMarkdown';

const at = (minute: number) =>
  new Date(Date.UTC(2026, 10, 30, 10, minute)).toISOString();

const incident: Incident = {
  id: 'inc-1',
  entityRef: 'resource:default/db',
  groupKey: 'DbDown',
  title: 'DbDown | primary',
  severity: 'critical',
  state: 'resolved',
  analysisState: 'done',
  firingAlerts: 0,
  totalAlerts: 1,
  openedAt: at(2),
  resolvedAt: at(30),
  updatedAt: at(30),
  costPerHour: 120,
};

const alert = {
  id: 'a-1',
  fingerprint: 'f',
  source: 'alertmanager',
  status: 'resolved',
  severity: 'critical',
  title: 'DbDown',
  labels: {},
  entityRef: 'resource:default/db',
  incidentId: 'inc-1',
  startsAt: at(0),
  endsAt: at(29),
  receivedAt: at(1),
  updatedAt: at(29),
} as Alert;

const analysis = {
  incidentId: 'inc-1',
  rootCauses: [
    {
      entityRef: 'resource:default/db',
      path: ['resource:default/db'],
      evidence: ['firing alert DbDown (1)'],
    },
  ],
  blastRadius: [],
  costPerHour: 120,
  currency: 'EUR',
  createdAt: at(3),
} as unknown as IncidentAnalysis;

const fix = {
  id: 'p-1',
  title: 'Restart the db',
  action: 'rollout_restart',
  target: 'deployment/data/db',
  state: 'EXECUTED',
  createdAt: at(4),
  required: { count: 1, roles: ['sre'], mandatoryRoles: [] },
  signatures: [
    {
      userRef: 'user:default/sam',
      role: 'sre',
      decision: 'approve',
      comment: '',
      at: at(10),
    },
  ],
  result: { ok: true, detail: 'restarted', at: at(11) },
  verification: {
    outcome: 'VERIFIED',
    executedAt: at(11),
    deadline: at(21),
    decidedAt: at(31),
    detail: 'healthy | resolved',
    rollbackProposalId: null,
  },
} as unknown as Proposal;

describe('buildIncidentReport', () => {
  const report = buildIncidentReport({
    incident,
    alerts: [alert],
    log: [],
    analysis,
    proposals: [fix],
    now: new Date(at(40)),
  });

  it('times each phase from the stored record', () => {
    expect(report.durations).toEqual({
      detectMs: 2 * 60_000,
      analyseMs: 60_000,
      approveMs: 6 * 60_000,
      executeMs: 60_000,
      recoverMs: 30 * 60_000,
    });
  });

  it('burns the burn rate over the incident’s duration', () => {
    expect(report.moneyBurnt).toEqual({
      amount: 60,
      currency: 'EUR',
      perHour: 120,
      hours: 0.5,
    });
    expect(report.outcome).toBe('VERIFIED');
  });

  it('renders Markdown whose tables survive pipes in the text', () => {
    const md = reportMarkdown(report);
    expect(md).toContain('# Incident report: DbDown | primary');
    expect(md).toContain('- Money burnt: 60.00 EUR (120 EUR/h × 0.5 h)');
    expect(md).toContain('| Approve | 6 min 0 s |');
    expect(md).toContain(
      '| Restart the db | rollout_restart on deployment/data/db | EXECUTED | VERIFIED: healthy \\| resolved |',
    );
    expect(md).toContain(`| ${at(29)} | DbDown resolved | alertmanager |`);
  });
});
