import { Command, CommanderError } from 'commander';
import { promises as fs } from 'fs';
import os from 'os';
import path from 'path';
import { UsageError } from '../usage';
import { registerAnalyzeCommand, runAnalyze } from './analyze';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');

describe('awoooi analyze', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'awoooi-analyze-'));
  });

  afterEach(async () => {
    await fs.rm(folder, { recursive: true, force: true });
  });

  const write = (file: string, text: string) =>
    fs.writeFile(path.join(folder, file), text);

  it('finds postgres-db under the demo frontend, with ingress in the blast radius', async () => {
    const out = await runAnalyze({
      catalog: EXAMPLES,
      target: 'frontend',
      unhealthy: 'resource:postgres-db',
      json: true,
    });
    const result = JSON.parse(out);
    expect(Object.keys(result)).toEqual([
      'rootCauses',
      'blastRadius',
      'costPerHour',
    ]);
    expect(result.rootCauses).toHaveLength(1);
    expect(result.rootCauses[0]).toEqual({
      entityRef: 'resource:default/postgres-db',
      rank: 1,
      priority: 'database',
      distance: 2,
      symptom: false,
      path: expect.arrayContaining(['component:default/frontend']),
    });
    expect(result.blastRadius).toContainEqual({
      entityRef: 'component:default/ingress',
      distance: 1,
      path: ['component:default/frontend', 'component:default/ingress'],
    });
    expect(result.costPerHour).toBe(640 + 200);
  });

  it('reads multi-document .yaml and .yml files and skips what is no entity', async () => {
    await write(
      'services.yaml',
      [
        '# comment-only first document',
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: web }',
        'spec: { dependsOn: [component:api] }',
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata: { name: api, annotations: { awoooi.io/cost-per-hour: "12" } }',
        'spec: { dependsOn: [resource:db] }',
      ].join('\n'),
    );
    await write(
      'db.yml',
      'apiVersion: backstage.io/v1alpha1\nkind: Resource\nmetadata: { name: db }\nspec: { type: database }\n',
    );
    await write('notes.txt', 'kind: Component\nmetadata: { name: ignored }\n');
    await write('config.yaml', 'app: { title: not an entity }\n');

    const text = await runAnalyze({
      catalog: folder,
      target: 'api',
      unhealthy: 'api, db',
    });
    expect(text).toContain(
      'Analysis of component:default/api (max depth 3, 3 entities walked)',
    );
    expect(text).toContain('1. resource:default/db  (database, 1 hop)');
    expect(text).toContain('     api → db');
    expect(text).toContain('  component:default/web  (1 hop)');
    expect(text).toContain('Burn rate: 12 per hour');
  });

  it('marks symptoms and honours --max-depth', async () => {
    await write(
      'all.yaml',
      ['web>api', 'api>mid', 'mid>resource:db']
        .map(pair => {
          const [name, dep] = pair.split('>');
          return `kind: Component\nmetadata: { name: ${name} }\nspec: { dependsOn: [${dep}] }\n`;
        })
        .concat(
          'kind: Resource\nmetadata: { name: db }\nspec: { type: database }\n',
        )
        .join('---\n'),
    );
    const deep = JSON.parse(
      await runAnalyze({
        catalog: folder,
        target: 'web',
        unhealthy: 'mid,db',
        json: true,
      }),
    );
    expect(
      deep.rootCauses.map((c: any) => [c.entityRef, c.rank, c.symptom]),
    ).toEqual([
      ['resource:default/db', 1, false],
      ['component:default/mid', 2, true],
    ]);
    const shallow = JSON.parse(
      await runAnalyze({
        catalog: folder,
        target: 'web',
        unhealthy: 'mid,db',
        maxDepth: '2',
        json: true,
      }),
    );
    expect(shallow.rootCauses.map((c: any) => c.entityRef)).toEqual([
      'component:default/mid',
    ]);
    expect(shallow.costPerHour).toBeNull();
  });

  it('rejects bad usage with a one-line reason', async () => {
    await write(
      'two.yaml',
      'kind: Component\nmetadata: { name: shop }\n---\nkind: System\nmetadata: { name: shop }\n',
    );
    const attempt = (options: Partial<Parameters<typeof runAnalyze>[0]>) =>
      runAnalyze({
        catalog: folder,
        target: 'shop',
        unhealthy: '',
        ...options,
      });

    await expect(attempt({})).rejects.toThrow(
      'shop is ambiguous (component:default/shop, system:default/shop); give the kind, e.g. component:default/shop',
    );
    await expect(attempt({ target: 'system:shop' })).resolves.toContain(
      'Analysis of system:default/shop',
    );
    await expect(attempt({ target: 'default/ghost' })).rejects.toThrow(
      'no entity named default/ghost in the catalog',
    );
    await expect(
      attempt({ target: 'system:shop', unhealthy: 'resource:db' }),
    ).rejects.toThrow('resource:db is not in the catalog');
    await expect(
      attempt({ target: 'system:shop', maxDepth: '-1' }),
    ).rejects.toThrow(UsageError);
    await expect(
      attempt({ catalog: path.join(folder, 'missing') }),
    ).rejects.toThrow(UsageError);
  });

  it('reports broken YAML as a runtime error naming the file', async () => {
    await write('broken.yaml', 'kind: Component\nmetadata: { name: a\n');
    const run = runAnalyze({ catalog: folder, target: 'a', unhealthy: '' });
    await expect(run).rejects.toThrow(/^broken\.yaml: [^\n]+$/);
    await expect(run).rejects.not.toBeInstanceOf(UsageError);
  });

  it('registers a command that prints the result', async () => {
    const program = new Command('awoooi').exitOverride();
    registerAnalyzeCommand(program);
    const stdout = jest
      .spyOn(process.stdout, 'write')
      .mockImplementation(() => true);
    try {
      await program.parseAsync(
        [
          'analyze',
          '--catalog',
          EXAMPLES,
          '--target',
          'component:default/frontend',
          '--unhealthy',
          'postgres-db',
          '--json',
        ],
        { from: 'user' },
      );
      const printed = JSON.parse(String(stdout.mock.calls[0][0]));
      expect(printed.rootCauses[0].entityRef).toBe(
        'resource:default/postgres-db',
      );
    } finally {
      stdout.mockRestore();
    }
    const incomplete = new Command('awoooi')
      .exitOverride()
      .configureOutput({ writeErr: () => {} });
    registerAnalyzeCommand(incomplete);
    await expect(
      incomplete.parseAsync(['analyze', '--catalog', EXAMPLES], {
        from: 'user',
      }),
    ).rejects.toBeInstanceOf(CommanderError);
  });
});
