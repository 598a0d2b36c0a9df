import { RISK_MATRIX } from './matrix';
import {
  DEFAULT_TRUST_THRESHOLDS,
  effectiveRisk,
  explainTrust,
  describePatternTrust,
  nextPatternTrust,
  nextTrustScore,
  patternRisk,
  requiredSignatures,
  UNTRUSTED,
} from './trust';
import { RISK_LEVELS } from './types';

describe('nextTrustScore', () => {
  it('adds one per approval', () => {
    expect(nextTrustScore(0, 'approve')).toBe(1);
    expect(nextTrustScore(9, 'approve')).toBe(10);
  });

  it('drops to zero on any rejection', () => {
    expect(nextTrustScore(12, 'reject')).toBe(0);
    expect(nextTrustScore(0, 'reject')).toBe(0);
  });

  it('repairs a broken stored score before counting on from it', () => {
    expect(nextTrustScore(-3, 'approve')).toBe(1);
    expect(nextTrustScore(Number.NaN, 'approve')).toBe(1);
    expect(nextTrustScore(4.7, 'approve')).toBe(5);
  });
});

describe('trust from outcomes', () => {
  const earned = { score: 4, lastOutcome: null, autoSuspended: false };

  it('keeps the score of a verified fix and wipes it for an ineffective or regressed one', () => {
    expect(nextTrustScore(4, 'VERIFIED')).toBe(4);
    expect(nextTrustScore(4, 'INEFFECTIVE')).toBe(0);
    expect(nextTrustScore(4, 'REGRESSED')).toBe(0);
  });

  it('remembers the last outcome across later approvals', () => {
    const verified = nextPatternTrust(earned, 'VERIFIED');
    expect(verified).toEqual({ ...earned, lastOutcome: 'VERIFIED' });
    expect(nextPatternTrust(verified, 'approve').lastOutcome).toBe('VERIFIED');
  });

  it('stops automatic runs after an automatic regression until a person approves', () => {
    const regressed = nextPatternTrust(earned, 'REGRESSED', true);
    expect(regressed).toEqual({
      score: 0,
      lastOutcome: 'REGRESSED',
      autoSuspended: true,
    });
    expect(patternRisk('LOW', regressed)).toBe('MEDIUM');
    expect(patternRisk('LOW', UNTRUSTED)).toBe('LOW');
    expect(nextPatternTrust(regressed, 'reject').autoSuspended).toBe(true);
    const approved = nextPatternTrust(regressed, 'approve');
    expect(approved.autoSuspended).toBe(false);
    expect(patternRisk('LOW', approved)).toBe('LOW');
  });

  it('does not suspend a pattern whose signed fix regressed (people already decide it)', () => {
    expect(nextPatternTrust(earned, 'REGRESSED', false).autoSuspended).toBe(
      false,
    );
  });

  it('suspends a MEDIUM pattern that trust had lowered to automatic', () => {
    const trusted = { score: 7, lastOutcome: null, autoSuspended: true };
    expect(patternRisk('MEDIUM', trusted)).toBe('MEDIUM');
    expect(patternRisk('MEDIUM', { ...trusted, autoSuspended: false })).toBe(
      'LOW',
    );
  });

  it('explains a score by its approvals and last outcome', () => {
    expect(
      describePatternTrust('MEDIUM', { ...earned, lastOutcome: 'VERIFIED' }),
    ).toBe('trust 4/5: 4 approvals, last outcome VERIFIED');
    expect(describePatternTrust('HIGH', { ...UNTRUSTED, score: 1 })).toBe(
      'trust 1/10: 1 approval, last outcome none yet',
    );
  });
});

describe('requiredSignatures', () => {
  it('sheds a HIGH signature at 10 and runs MEDIUM alone at 5 by default', () => {
    expect(DEFAULT_TRUST_THRESHOLDS).toEqual({ high: 10, medium: 5 });
  });

  it('keeps HIGH at two signatures up to 9 and drops to one at 10', () => {
    expect(requiredSignatures('HIGH', 0)).toEqual(RISK_MATRIX.HIGH);
    expect(requiredSignatures('HIGH', 9).count).toBe(2);
    expect(requiredSignatures('HIGH', 10)).toEqual({
      count: 1,
      roles: ['admin', 'devops', 'sre'],
      mandatoryRoles: [],
    });
    expect(requiredSignatures('HIGH', 250).count).toBe(1);
  });

  it('keeps MEDIUM at one signature up to 4 and needs none from 5', () => {
    expect(requiredSignatures('MEDIUM', 4)).toEqual(RISK_MATRIX.MEDIUM);
    expect(requiredSignatures('MEDIUM', 5).count).toBe(0);
    expect(requiredSignatures('MEDIUM', 6).count).toBe(0);
  });

  it('never changes CRITICAL, at any score', () => {
    for (const score of [0, 1, 4, 5, 9, 10, 11, 100, 1e9]) {
      expect(requiredSignatures('CRITICAL', score)).toEqual(
        RISK_MATRIX.CRITICAL,
      );
      expect(effectiveRisk('CRITICAL', score)).toBe('CRITICAL');
    }
  });

  it('never asks a signature for LOW', () => {
    for (const score of [0, 5, 10]) {
      expect(requiredSignatures('LOW', score).count).toBe(0);
    }
  });

  it('lowers a pattern by one level at most', () => {
    expect(effectiveRisk('HIGH', 1000)).toBe('MEDIUM');
    expect(effectiveRisk('MEDIUM', 1000)).toBe('LOW');
    expect(RISK_LEVELS.map(r => effectiveRisk(r, 0))).toEqual(RISK_LEVELS);
  });

  it('follows configured thresholds', () => {
    const thresholds = { high: 3, medium: 2 };
    expect(requiredSignatures('HIGH', 2, thresholds).count).toBe(2);
    expect(requiredSignatures('HIGH', 3, thresholds).count).toBe(1);
    expect(requiredSignatures('MEDIUM', 1, thresholds).count).toBe(1);
    expect(requiredSignatures('MEDIUM', 2, thresholds).count).toBe(0);
  });
});

describe('explainTrust', () => {
  it('shows a trusted HIGH pattern needing one signature', () => {
    expect(explainTrust('HIGH', 12)).toEqual({
      baseRisk: 'HIGH',
      effectiveRisk: 'MEDIUM',
      trustScore: 12,
      required: RISK_MATRIX.MEDIUM,
      nextThreshold: null,
      description:
        'HIGH, trust 12 (≥ 10): needs 1 signature of admin, devops, sre',
    });
  });

  it('tells how far an untrusted pattern is from its next step', () => {
    const high = explainTrust('HIGH', 3);
    expect(high.nextThreshold).toBe(10);
    expect(high.description).toBe(
      'HIGH, trust 3: needs 2 signatures from distinct people of admin, devops, sre; needs 1 signature of admin, devops, sre from trust 10',
    );
    const medium = explainTrust('MEDIUM', 4);
    expect(medium.nextThreshold).toBe(5);
    expect(medium.description).toBe(
      'MEDIUM, trust 4: needs 1 signature of admin, devops, sre; runs automatically from trust 5',
    );
  });

  it('shows a trusted MEDIUM pattern running by itself', () => {
    const medium = explainTrust('MEDIUM', 5);
    expect(medium.effectiveRisk).toBe('LOW');
    expect(medium.required.count).toBe(0);
    expect(medium.description).toBe(
      'MEDIUM, trust 5 (≥ 5): runs automatically',
    );
  });

  it('says CRITICAL never moves and LOW never needs anyone', () => {
    const critical = explainTrust('CRITICAL', 50);
    expect(critical.effectiveRisk).toBe('CRITICAL');
    expect(critical.nextThreshold).toBeNull();
    expect(critical.description).toBe(
      'CRITICAL: needs CTO and CISO; trust never lowers it',
    );
    expect(explainTrust('LOW', 0).description).toBe('LOW: runs automatically');
  });

  it('uses configured thresholds in the text', () => {
    expect(explainTrust('HIGH', 1, { high: 4, medium: 2 }).description).toBe(
      'HIGH, trust 1: needs 2 signatures from distinct people of admin, devops, sre; needs 1 signature of admin, devops, sre from trust 4',
    );
  });
});
