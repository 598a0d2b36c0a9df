import type { V1Pod } from '@kubernetes/client-node';
import { evaluateWorkloadHealth } from './evaluateWorkloadHealth';

const labels = { 'backstage.io/kubernetes-id': 'api' };

function pod(name: string, status: V1Pod['status']): V1Pod {
  return { metadata: { name, namespace: 'shop', labels }, status };
}

describe('evaluateWorkloadHealth', () => {
  it('finds the ways a pod can be unhealthy', () => {
    const result = evaluateWorkloadHealth(
      [],
      [
        pod('a', {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            {
              name: 'api',
              image: 'api:1',
              imageID: '',
              ready: false,
              restartCount: 2,
              lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } },
              state: { running: {} },
            },
          ],
        }),
        pod('b', {
          phase: 'Pending',
          conditions: [
            { type: 'PodScheduled', status: 'False', reason: 'Unschedulable' },
          ],
        }),
        pod('c', { phase: 'Failed', reason: 'Evicted' }),
        pod('d', {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
        }),
        pod('e', {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
        }),
        pod('f', { phase: 'Succeeded' }),
      ],
    );
    expect(result).toEqual([
      {
        namespace: 'shop',
        kubernetesId: 'api',
        evidence: [
          'pod shop/a: container api was OOMKilled (2 restarts)',
          'pod shop/b: Pending (Unschedulable)',
          'pod shop/c: Failed (Evicted)',
          'pod shop/d: not ready',
        ],
      },
    ]);
  });

  it('reports a deployment short of ready replicas, and ignores unlabelled or scaled-to-zero ones', () => {
    const result = evaluateWorkloadHealth(
      [
        {
          metadata: { name: 'api', namespace: 'shop', labels },
          spec: { replicas: 3, selector: {}, template: {} },
          status: { readyReplicas: 1 },
        },
        {
          metadata: {
            name: 'idle',
            namespace: 'shop',
            labels: { 'backstage.io/kubernetes-id': 'idle' },
          },
          spec: { replicas: 0, selector: {}, template: {} },
        },
        {
          metadata: { name: 'other', namespace: 'shop' },
          spec: { replicas: 2, selector: {}, template: {} },
        },
      ],
      [],
    );
    expect(result).toEqual([
      {
        namespace: 'shop',
        kubernetesId: 'api',
        evidence: ['deployment shop/api: 1/3 replicas ready'],
      },
    ]);
  });
});
