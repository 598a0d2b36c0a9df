import { summarizeTrivy } from './trivy';

const report = (severities: string[][]) => ({
  SchemaVersion: 2,
  ArtifactName: 'acme/frontend:2.14.1',
  ArtifactType: 'container_image',
  Results: severities.map((list, i) => ({
    Target: `target-${i}`,
    Class: 'os-pkgs',
    Vulnerabilities: list.map((Severity, j) => ({
      VulnerabilityID: `CVE-2026-${i}${j}`,
      Severity,
    })),
  })),
});

describe('summarizeTrivy', () => {
  it('counts severities across results', () => {
    expect(
      summarizeTrivy(
        report([
          ['HIGH', 'LOW'],
          ['MEDIUM', 'HIGH', 'NEGLIGIBLE'],
        ]),
      ),
    ).toEqual({
      artifact: 'acme/frontend:2.14.1',
      counts: { critical: 0, high: 2, medium: 1, low: 1, unknown: 1 },
      result: 'warning',
      summary:
        'Trivy acme/frontend:2.14.1: 0 critical, 2 high, 1 medium, 1 low',
    });
  });

  it('fails on a critical one and passes a clean image', () => {
    expect(summarizeTrivy(report([['CRITICAL']])).result).toBe('fail');
    expect(
      summarizeTrivy({
        ArtifactName: 'x',
        Results: [{ Target: 'x', Vulnerabilities: null }],
      }).result,
    ).toBe('pass');
  });

  it('refuses what is not a Trivy report', () => {
    expect(() => summarizeTrivy({ results: [] })).toThrow(
      'trivy: not a Trivy JSON report (no Results array)',
    );
  });
});
