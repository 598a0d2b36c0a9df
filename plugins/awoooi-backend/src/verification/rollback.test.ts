import type { Proposal } from '@awoooi/plugin-awoooi-common';
import { rollbackProposal } from './rollback';

function executed(action: string, replicasBefore?: number): Proposal {
  return {
    id: 'p-1',
    incidentId: 'inc-1',
    source: 'incident',
    action,
    target: action.includes('node') ? 'node/worker-3' : 'deployment/shop/web',
    entityRef: 'component:default/web',
    params: action === 'scale_deployment' ? { replicas: 6 } : {},
    title: 'The fix',
    baseRisk: 'HIGH',
    blastRadius: [],
    preExecutionDryRun:
      replicasBefore === undefined
        ? null
        : {
            at: '',
            ok: true,
            checks: [],
            fingerprint: 'f',
            state: { workload: { replicas: replicasBefore } },
          },
  } as unknown as Proposal;
}

describe('rollbackProposal', () => {
  it('scales back to the replica count recorded right before the scale', () => {
    expect(rollbackProposal(executed('scale_deployment', 3))).toMatchObject({
      action: 'scale_deployment',
      target: 'deployment/shop/web',
      params: { replicas: 3 },
      risk: 'HIGH',
      incidentId: 'inc-1',
      dedupeKey: 'rollback:p-1',
      title: 'Roll back: The fix',
    });
  });

  it('has no rollback for a scale whose previous count was not recorded', () => {
    expect(rollbackProposal(executed('scale_deployment'))).toBeUndefined();
  });

  it('uncordons a cordoned node and cordons an uncordoned one', () => {
    expect(rollbackProposal(executed('cordon_node'))).toMatchObject({
      action: 'uncordon_node',
      target: 'node/worker-3',
      params: {},
    });
    expect(rollbackProposal(executed('uncordon_node'))?.action).toBe(
      'cordon_node',
    );
  });

  it('proposes nothing for an action without an inverse', () => {
    expect(rollbackProposal(executed('rollout_restart'))).toBeUndefined();
  });
});
