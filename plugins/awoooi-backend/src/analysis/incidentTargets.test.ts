import type { Entity } from '@backstage/catalog-model';
import { z } from 'zod';
import { ExecutorRegistry } from '../execution/ExecutorRegistry';
import { seedCatalog } from '../__testUtils__/seedCatalog';
import { IncidentTargets } from './incidentTargets';

/** An executor mapping entities to Deployments, and one acting on an MCP server. */
async function registry() {
  const executors = new ExecutorRegistry();
  const action = (name: string) => ({
    name,
    description: name,
    baseRisk: 'LOW' as const,
    paramsSchema: z.object({}),
  });
  const noop = {
    dryRun: async () => ({ checks: [], state: {} }),
    execute: async () => ({ ok: true, detail: 'done' }),
  };
  executors.add({
    id: 'kube',
    listActions: async () => [
      action('rollout_restart'),
      action('scale_deployment'),
    ],
    targetFor: (_a: string, e: Entity) => {
      const id = e.metadata.annotations?.['backstage.io/kubernetes-id'];
      const ns = e.metadata.annotations?.['backstage.io/kubernetes-namespace'];
      return id ? `deployment/${ns}/${id}` : undefined;
    },
    ...noop,
  });
  executors.add({
    id: 'mcp',
    listActions: async () => [action('mcp.ops.block_ip')],
    targetFor: () => 'mcp:ops',
    ...noop,
  });
  await executors.reload();
  return executors;
}

describe('IncidentTargets', () => {
  const entities = new Map(
    seedCatalog().map(e => [
      `${e.kind.toLowerCase()}:default/${e.metadata.name}`,
      e,
    ]),
  );
  const targets = async () =>
    IncidentTargets.of(
      ['component:default/frontend', 'resource:default/postgres-db'],
      async ref => entities.get(ref),
      await registry(),
    );

  it('lists what the executors act on for each entity of the incident', async () => {
    expect((await targets()).list()).toEqual([
      {
        entityRef: 'component:default/frontend',
        targets: ['deployment/shop/frontend', 'mcp:ops'],
      },
      {
        entityRef: 'resource:default/postgres-db',
        targets: ['deployment/data/postgres-db', 'mcp:ops'],
      },
    ]);
  });

  it('binds a remediation to a workload of its own entity only', async () => {
    const t = await targets();
    const frontend = 'component:default/frontend';
    expect(
      t.binds({ entityRef: frontend, target: 'deployment/shop/frontend' }),
    ).toBe(true);
    expect(t.binds({ entityRef: frontend, target: 'mcp:ops' })).toBe(true);
    expect(
      t.binds({
        entityRef: frontend,
        target: 'deployment/kube-system/coredns',
      }),
    ).toBe(false);
    // another entity's workload shown under this one
    expect(
      t.binds({ entityRef: frontend, target: 'deployment/data/postgres-db' }),
    ).toBe(false);
    // an entity outside the incident
    expect(
      t.binds({
        entityRef: 'component:default/order-api',
        target: 'deployment/shop/order-api',
      }),
    ).toBe(false);
  });
});
