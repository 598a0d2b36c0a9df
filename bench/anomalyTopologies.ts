/**
 * Catalog topologies for the anomaly benchmark: the demo's `examples/` and
 * layered ones generated here (gateway → frontends → mid tier → back end →
 * databases, caches, queues, other resources, with APIs between tiers and
 * queue consumers on the side).
 */
import type { Entity } from '@backstage/catalog-model';
import { promises as fs } from 'fs';
import path from 'path';
import { stringify } from 'yaml';

type Random = () => number;

export interface BenchTopology {
  name: string;
  /** Folder of catalog YAML, as `awoooi analyze --catalog` reads it. */
  folder: string;
}

const entity = (kind: string, name: string, spec: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name },
  spec: spec as Entity['spec'],
});

function pickSome<T>(
  random: Random,
  items: T[],
  low: number,
  high: number,
): T[] {
  const count = Math.min(
    items.length,
    low + Math.floor(random() * (high - low + 1)),
  );
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count) {
    out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]);
  }
  return out;
}

function resourcesOf(random: Random, prefix: string) {
  const kinds: Array<[string, number]> = [
    ['database', 2 + Math.floor(random() * 2)],
    ['cache', 1 + Math.floor(random() * 2)],
    ['queue', 1 + Math.floor(random() * 2)],
    ['object-store', 1],
  ];
  return kinds.flatMap(([type, count]) =>
    Array.from({ length: count }, (_, i) => ({
      name: `${prefix}-${type}-${i}`,
      type,
    })),
  );
}

/** One layered topology of about 25–35 entities. */
export function layeredCatalog(random: Random, prefix: string): Entity[] {
  const resources = resourcesOf(random, prefix);
  const byType = (type: string) =>
    resources.filter(r => r.type === type).map(r => `resource:${r.name}`);
  const frontends = [`${prefix}-web`, `${prefix}-mobile-bff`];
  const mid = Array.from(
    { length: 4 + Math.floor(random() * 3) },
    (_, i) => `${prefix}-mid-${i}`,
  );
  const back = Array.from(
    { length: 4 + Math.floor(random() * 3) },
    (_, i) => `${prefix}-core-${i}`,
  );
  const workers = byType('queue').map((_, i) => `${prefix}-worker-${i}`);
  const entities: Entity[] = [
    entity('Component', `${prefix}-gateway`, {
      type: 'service',
      dependsOn: frontends.map(f => `component:${f}`),
    }),
  ];
  for (const name of frontends) {
    entities.push(
      entity('Component', name, {
        type: 'website',
        consumesApis: pickSome(random, mid, 2, 3).map(m => `${m}-api`),
      }),
    );
  }
  for (const name of mid) {
    entities.push(entity('API', `${name}-api`, { type: 'openapi' }));
    const dependsOn = pickSome(random, back, 1, 2).map(b => `component:${b}`);
    if (random() < 0.5)
      dependsOn.push(
        ...pickSome(random, [...byType('cache'), ...byType('queue')], 1, 1),
      );
    entities.push(
      entity('Component', name, {
        type: 'service',
        providesApis: [`${name}-api`],
        dependsOn,
      }),
    );
  }
  for (const name of back) {
    const stores = pickSome(
      random,
      [
        ...byType('database'),
        ...byType('cache'),
        ...byType('queue'),
        ...byType('object-store'),
      ],
      1,
      3,
    );
    if (!stores.some(s => s.includes('-database-')))
      stores.push(pickSome(random, byType('database'), 1, 1)[0]);
    entities.push(
      entity('Component', name, { type: 'service', dependsOn: stores }),
    );
  }
  workers.forEach((name, i) => {
    entities.push(
      entity('Component', name, {
        type: 'service',
        dependsOn: [
          byType('queue')[i],
          ...pickSome(random, byType('database'), 1, 1),
        ],
      }),
    );
  });
  for (const r of resources)
    entities.push(entity('Resource', r.name, { type: r.type }));
  return entities;
}

/** The demo's catalog and `count` generated ones, written under `folder`. */
export async function benchTopologies(
  random: Random,
  folder: string,
  count: number,
): Promise<BenchTopology[]> {
  const topologies: BenchTopology[] = [
    { name: 'demo', folder: path.resolve(__dirname, '../examples') },
  ];
  for (let i = 0; i < count; i++) {
    const name = `layered-${i}`;
    const dir = path.join(folder, name);
    await fs.mkdir(dir, { recursive: true });
    const text = layeredCatalog(random, `t${i}`)
      .map(e => stringify(e))
      .join('---\n');
    await fs.writeFile(path.join(dir, 'catalog.yaml'), text);
    topologies.push({ name, folder: dir });
  }
  return topologies;
}
