import type {
  MttrPoint,
  OutcomesOverview,
  PatternOutcomes,
  VerificationOutcome,
} from '@awoooi/plugin-awoooi-common';
import type express from 'express';
import { awoooiIncidentReadPermission } from '@awoooi/plugin-awoooi-common';
import type { IncidentStore } from '../database/IncidentStore';
import type { VerificationStore } from '../database/VerificationStore';
import type { Access } from '../service/access';

const DAY_MS = 86_400_000;

/** Mean time to recover per UTC day of resolution, oldest first. */
export function mttrTrend(
  incidents: Array<{ openedAt: string; resolvedAt: string }>,
): MttrPoint[] {
  const days = new Map<string, { n: number; total: number }>();
  for (const i of incidents) {
    const day = i.resolvedAt.slice(0, 10);
    const took = Math.max(0, Date.parse(i.resolvedAt) - Date.parse(i.openedAt));
    const d = days.get(day) ?? { n: 0, total: 0 };
    days.set(day, { n: d.n + 1, total: d.total + took });
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, d]) => ({
      day,
      incidents: d.n,
      mttrMs: Math.round(d.total / d.n),
    }));
}

/** Verified, ineffective and regressed fixes per pattern, the least trustworthy first. */
export function patternOutcomes(
  counts: Array<{ pattern: string; outcome: VerificationOutcome; n: number }>,
): PatternOutcomes[] {
  const byPattern = new Map<string, PatternOutcomes>();
  const key = {
    VERIFIED: 'verified',
    INEFFECTIVE: 'ineffective',
    REGRESSED: 'regressed',
  } as const;
  for (const c of counts) {
    const p = byPattern.get(c.pattern) ?? {
      pattern: c.pattern,
      verified: 0,
      ineffective: 0,
      regressed: 0,
      verifiedRate: null,
    };
    p[key[c.outcome]] += c.n;
    byPattern.set(c.pattern, p);
  }
  return [...byPattern.values()]
    .map(p => {
      const decided = p.verified + p.ineffective + p.regressed;
      return { ...p, verifiedRate: decided ? p.verified / decided : null };
    })
    .sort(
      (a, b) =>
        (a.verifiedRate ?? 1) - (b.verifiedRate ?? 1) ||
        a.pattern.localeCompare(b.pattern),
    );
}

/** `GET /outcomes?days=30`: MTTR trend and verified-fix rate per pattern. */
export function registerOutcomesRoute(
  router: express.Router,
  deps: {
    access: Access;
    incidents: IncidentStore;
    verifications: VerificationStore;
  },
) {
  router.get('/outcomes', async (req, res) => {
    await deps.access.authorize(req, awoooiIncidentReadPermission);
    const days = Math.min(Math.max(Number(req.query.days) || 30, 1), 365);
    const since = new Date(Date.now() - days * DAY_MS).toISOString();
    const overview: OutcomesOverview = {
      mttr: mttrTrend(await deps.incidents.resolvedSince(since)),
      patterns: patternOutcomes(await deps.verifications.countByPattern()),
    };
    res.json(overview);
  });
}
