import {
  apiError,
  k8s,
  kubeConfigFor,
  mergePatch,
} from '../__testUtils__/clientNode';
import { KubeTestServer, startKubeTestServer } from './startKubeTestServer';

describe('startKubeTestServer through @kubernetes/client-node', () => {
  let server: KubeTestServer;
  let core: k8s.CoreV1Api;
  let apps: k8s.AppsV1Api;

  beforeEach(async () => {
    server = await startKubeTestServer({ seed: 'demo', randomSeed: 7 });
    const kc = kubeConfigFor(server);
    core = kc.makeApiClient(k8s.CoreV1Api);
    apps = kc.makeApiClient(k8s.AppsV1Api);
  });

  afterEach(() => server.close());

  it('listens on a loopback port and answers version and discovery', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const kc = kubeConfigFor(server);
    const version = await kc.makeApiClient(k8s.VersionApi).getCode();
    expect(version.gitVersion).toBe('v1.31.0+simulator');
    const resources = await core.getAPIResources();
    expect(resources.resources.map(r => r.name)).toEqual(
      expect.arrayContaining(['pods', 'namespaces', 'nodes', 'secrets']),
    );
    const groups = await kc.makeApiClient(k8s.ApisApi).getAPIVersions();
    expect(groups.groups.map(g => g.name)).toEqual(
      expect.arrayContaining([
        'apps',
        'policy',
        'storage.k8s.io',
        'authorization.k8s.io',
      ]),
    );
  });

  it('rejects a missing or wrong token with 401', async () => {
    const wrong = kubeConfigFor(server, 'not-the-token').makeApiClient(
      k8s.CoreV1Api,
    );
    const error = await apiError(wrong.listNamespace());
    expect(error.code).toBe(401);
  });

  it('lists the seeded namespaces and pods, with label selectors and across namespaces', async () => {
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toEqual([
      'data',
      'identity',
      'ingress',
      'shop',
    ]);
    const frontend = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app.kubernetes.io/name=frontend,app=frontend',
    });
    expect(frontend.items).toHaveLength(3);
    for (const pod of frontend.items) {
      expect(pod.metadata?.name).toMatch(/^frontend-[a-z0-9]{10}-[a-z0-9]{5}$/);
      expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({
        kind: 'ReplicaSet',
        controller: true,
      });
      expect(pod.status?.phase).toBe('Running');
      expect(pod.spec?.containers[0].resources?.requests).toEqual({
        cpu: '200m',
        memory: '256Mi',
      });
    }
    const all = await core.listPodForAllNamespaces();
    expect(all.items).toHaveLength(20);
    expect(Number(all.metadata?.resourceVersion)).toBeGreaterThan(0);
  });

  it('creates, reads and deletes, with 404 and 409 Status errors', async () => {
    const created = await core.createNamespace({
      body: { metadata: { name: 'sandbox', labels: { team: 'qa' } } },
    });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);

    const duplicate = await apiError(
      core.createNamespace({ body: { metadata: { name: 'sandbox' } } }),
    );
    expect(duplicate.code).toBe(409);
    expect(duplicate.status).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      code: 409,
    });

    const read = await core.readNamespace({ name: 'sandbox' });
    expect(read.metadata?.labels).toMatchObject({ team: 'qa' });
    expect(read.status?.phase).toBe('Active');

    await core.deleteNamespace({ name: 'sandbox' });
    const missing = await apiError(core.readNamespace({ name: 'sandbox' }));
    expect(missing.code).toBe(404);
    expect(missing.status).toMatchObject({
      reason: 'NotFound',
      message: 'namespaces "sandbox" not found',
    });
  });

  it('refuses a create in a namespace that does not exist', async () => {
    const error = await apiError(
      core.createNamespacedSecret({
        namespace: 'nowhere',
        body: { metadata: { name: 's' }, stringData: { a: 'b' } },
      }),
    );
    expect(error.code).toBe(404);
    expect(error.status.message).toBe('namespaces "nowhere" not found');
  });

  it('bumps resourceVersion on every change and rejects a stale replace with 409', async () => {
    const before = await apps.readNamespacedDeployment({
      name: 'order-api',
      namespace: 'shop',
    });
    const staleVersion = before.metadata!.resourceVersion!;
    const replaced = await apps.replaceNamespacedDeployment({
      name: 'order-api',
      namespace: 'shop',
      body: {
        ...before,
        metadata: {
          ...before.metadata,
          labels: { ...before.metadata?.labels, tier: 'backend' },
        },
      },
    });
    expect(Number(replaced.metadata?.resourceVersion)).toBeGreaterThan(
      Number(staleVersion),
    );
    expect(replaced.metadata?.labels?.tier).toBe('backend');
    // A label change is not a spec change: generation stays.
    expect(replaced.metadata?.generation).toBe(before.metadata?.generation);

    const conflict = await apiError(
      apps.replaceNamespacedDeployment({
        name: 'order-api',
        namespace: 'shop',
        body: before,
      }),
    );
    expect(conflict.code).toBe(409);
    expect(conflict.status.reason).toBe('Conflict');
    expect(conflict.status.message).toContain('the object has been modified');
  });

  it('applies the JSON patch client-node sends by default, and scales the pods', async () => {
    const patched = await apps.patchNamespacedDeployment({
      name: 'order-api',
      namespace: 'shop',
      body: [{ op: 'replace', path: '/spec/replicas', value: 4 }],
    });
    expect(patched.spec?.replicas).toBe(4);
    expect(patched.metadata?.generation).toBe(2);
    const pods = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=order-api',
    });
    expect(pods.items).toHaveLength(4);
    const deployment = await apps.readNamespacedDeployment({
      name: 'order-api',
      namespace: 'shop',
    });
    expect(deployment.status).toMatchObject({ replicas: 4, readyReplicas: 4 });
  });

  it('fails a JSON patch whose test op does not hold', async () => {
    const error = await apiError(
      apps.patchNamespacedDeployment({
        name: 'order-api',
        namespace: 'shop',
        body: [{ op: 'test', path: '/spec/replicas', value: 9 }],
      }),
    );
    expect(error.code).toBe(422);
  });

  it('replaces every pod of a deployment on a rollout-restart merge patch', async () => {
    const selector = 'app.kubernetes.io/name=frontend';
    const before = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: selector,
    });
    await apps.patchNamespacedDeployment(
      {
        name: 'frontend',
        namespace: 'shop',
        body: {
          spec: {
            template: {
              metadata: {
                annotations: {
                  'kubectl.kubernetes.io/restartedAt': '2026-11-24T10:00:00Z',
                },
              },
            },
          },
        },
      },
      mergePatch,
    );
    const after = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: selector,
    });
    expect(after.items).toHaveLength(3);
    const oldNames = new Set(before.items.map(p => p.metadata?.name));
    expect(after.items.some(p => oldNames.has(p.metadata?.name))).toBe(false);
    expect(after.items[0].metadata?.annotations).toMatchObject({
      'kubectl.kubernetes.io/restartedAt': '2026-11-24T10:00:00Z',
    });
    const replicaSets = await apps.listNamespacedReplicaSet({
      namespace: 'shop',
      labelSelector: selector,
    });
    expect(replicaSets.items.map(rs => rs.spec?.replicas).sort()).toEqual([
      0, 3,
    ]);
  });

  it('serves the scale subresource with GET, PATCH and PUT', async () => {
    const scale = await apps.readNamespacedDeploymentScale({
      name: 'product-api',
      namespace: 'shop',
    });
    expect(scale).toMatchObject({
      kind: 'Scale',
      spec: { replicas: 2 },
      status: { replicas: 2, selector: 'app.kubernetes.io/name=product-api' },
    });
    await apps.patchNamespacedDeploymentScale(
      {
        name: 'product-api',
        namespace: 'shop',
        body: { spec: { replicas: 1 } },
      },
      mergePatch,
    );
    expect(
      (
        await core.listNamespacedPod({
          namespace: 'shop',
          labelSelector: 'app=product-api',
        })
      ).items,
    ).toHaveLength(1);

    const stale = await apiError(
      apps.replaceNamespacedDeploymentScale({
        name: 'product-api',
        namespace: 'shop',
        body: { ...scale, spec: { replicas: 5 } },
      }),
    );
    expect(stale.code).toBe(409);

    const fresh = await apps.readNamespacedDeploymentScale({
      name: 'product-api',
      namespace: 'shop',
    });
    const put = await apps.replaceNamespacedDeploymentScale({
      name: 'product-api',
      namespace: 'shop',
      body: { ...fresh, spec: { replicas: 3 } },
    });
    expect(put.spec?.replicas).toBe(3);
  });

  it('replaces a deleted pod owned by a ReplicaSet, but not a bare pod', async () => {
    const [victim] = (
      await core.listNamespacedPod({
        namespace: 'data',
        labelSelector: 'app=redis-cache',
      })
    ).items;
    const versionBefore = Number(server.store.resourceVersion);
    const deleted = await core.deleteNamespacedPod({
      name: victim.metadata!.name!,
      namespace: 'data',
    });
    expect(deleted.metadata?.uid).toBe(victim.metadata?.uid);
    const after = (
      await core.listNamespacedPod({
        namespace: 'data',
        labelSelector: 'app=redis-cache',
      })
    ).items;
    expect(after).toHaveLength(1);
    expect(after[0].metadata?.name).not.toBe(victim.metadata?.name);
    expect(after[0].metadata?.labels).toEqual(victim.metadata?.labels);
    expect(Number(server.store.resourceVersion)).toBeGreaterThan(versionBefore);

    await core.createNamespacedPod({
      namespace: 'data',
      body: {
        metadata: { name: 'debug', labels: { app: 'debug' } },
        spec: { containers: [{ name: 'sh', image: 'busybox:1.36' }] },
      },
    });
    const bare = await core.readNamespacedPod({
      name: 'debug',
      namespace: 'data',
    });
    expect(bare.status?.phase).toBe('Running');
    await core.deleteNamespacedPod({ name: 'debug', namespace: 'data' });
    expect(
      (
        await core.listNamespacedPod({
          namespace: 'data',
          labelSelector: 'app=debug',
        })
      ).items,
    ).toHaveLength(0);
  });

  it('honours delete preconditions', async () => {
    const [pod] = (
      await core.listNamespacedPod({
        namespace: 'data',
        labelSelector: 'app=orders-queue',
      })
    ).items;
    const error = await apiError(
      core.deleteNamespacedPod({
        name: pod.metadata!.name!,
        namespace: 'data',
        body: { preconditions: { uid: 'another-uid' } },
      }),
    );
    expect(error.code).toBe(409);
    expect(error.status.message).toContain('Precondition failed');
  });

  it('cordons a node with a merge patch; new pods then avoid it', async () => {
    const selector = { namespace: 'shop', labelSelector: 'app=search-service' };
    const [existing] = (await core.listNamespacedPod(selector)).items;
    const node = await core.patchNode(
      { name: 'worker-1', body: { spec: { unschedulable: true } } },
      mergePatch,
    );
    expect(node.spec?.unschedulable).toBe(true);
    const read = await core.readNode({ name: 'worker-1' });
    expect(read.spec?.taints).toEqual([
      expect.objectContaining({
        key: 'node.kubernetes.io/unschedulable',
        effect: 'NoSchedule',
      }),
    ]);
    await apps.patchNamespacedDeploymentScale(
      {
        name: 'search-service',
        namespace: 'shop',
        body: { spec: { replicas: 6 } },
      },
      mergePatch,
    );
    const added = (await core.listNamespacedPod(selector)).items.filter(
      p => p.metadata?.name !== existing.metadata?.name,
    );
    expect(added).toHaveLength(5);
    expect(added.map(p => p.spec?.nodeName)).not.toContain('worker-1');
    expect(new Set(added.map(p => p.spec?.nodeName))).toEqual(
      new Set(['worker-2', 'worker-3']),
    );
  });

  it('keeps pods Pending when no node is schedulable', async () => {
    for (const name of ['worker-1', 'worker-2', 'worker-3']) {
      await core.patchNode(
        { name, body: { spec: { unschedulable: true } } },
        mergePatch,
      );
    }
    await apps.patchNamespacedDeploymentScale(
      {
        name: 'notification-worker',
        namespace: 'shop',
        body: { spec: { replicas: 2 } },
      },
      mergePatch,
    );
    const pods = (
      await core.listNamespacedPod({
        namespace: 'shop',
        labelSelector: 'app=notification-worker',
      })
    ).items;
    const pending = pods.filter(p => p.status?.phase === 'Pending');
    expect(pending).toHaveLength(1);
    expect(pending[0].status?.conditions?.[0]).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
    });
    const deployment = await apps.readNamespacedDeployment({
      name: 'notification-worker',
      namespace: 'shop',
    });
    expect(deployment.status?.readyReplicas).toBe(1);
  });

  it('serves PVCs, storage classes, secrets and budgets of the demo cluster', async () => {
    const kc = kubeConfigFor(server);
    const claims = await core.listNamespacedPersistentVolumeClaim({
      namespace: 'data',
    });
    expect(claims.items.map(c => c.metadata?.name)).toEqual([
      'old-reports-data',
      'payments-db-data',
      'postgres-db-data',
    ]);
    expect(claims.items.every(c => c.status?.phase === 'Bound')).toBe(true);

    const classes = await kc.makeApiClient(k8s.StorageV1Api).listStorageClass();
    const encrypted = classes.items.filter(
      c => c.parameters?.encrypted === 'true',
    );
    expect(encrypted.map(c => c.metadata?.name)).toEqual(['encrypted-gp3']);
    expect(classes.items).toHaveLength(2);

    const secrets = await core.listSecretForAllNamespaces();
    const ages = secrets.items.map(
      s => (Date.now() - s.metadata!.creationTimestamp!.getTime()) / 86_400_000,
    );
    expect(ages.some(days => days > 180)).toBe(true);
    expect(ages.some(days => days < 90)).toBe(true);

    const budgets = await kc
      .makeApiClient(k8s.PolicyV1Api)
      .listPodDisruptionBudgetForAllNamespaces();
    const byName = Object.fromEntries(
      budgets.items.map(b => [b.metadata?.name, b.status]),
    );
    expect(byName['postgres-db-pdb']).toMatchObject({
      currentHealthy: 1,
      desiredHealthy: 1,
      disruptionsAllowed: 0,
      expectedPods: 1,
    });
    expect(byName['frontend-pdb']).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: 2,
      disruptionsAllowed: 1,
    });
  });

  it('shows direct store changes through the API, with a new resourceVersion', async () => {
    const before = await core.readNamespacedPersistentVolumeClaim({
      name: 'old-reports-data',
      namespace: 'data',
    });
    server.store.patch('PersistentVolumeClaim', 'data', 'old-reports-data', {
      metadata: { labels: { reviewed: 'yes' } },
    });
    const after = await core.readNamespacedPersistentVolumeClaim({
      name: 'old-reports-data',
      namespace: 'data',
    });
    expect(after.metadata?.labels?.reviewed).toBe('yes');
    expect(Number(after.metadata?.resourceVersion)).toBeGreaterThan(
      Number(before.metadata?.resourceVersion),
    );
  });

  it('ignores status on a main-resource write and accepts it on /status', async () => {
    const claim = await core.readNamespacedPersistentVolumeClaim({
      name: 'old-reports-data',
      namespace: 'data',
    });
    const replaced = await core.replaceNamespacedPersistentVolumeClaim({
      name: 'old-reports-data',
      namespace: 'data',
      body: { ...claim, status: { phase: 'Lost' } },
    });
    expect(replaced.status?.phase).toBe('Bound');
    const viaStatus = await core.patchNamespacedPersistentVolumeClaimStatus(
      {
        name: 'old-reports-data',
        namespace: 'data',
        body: { status: { phase: 'Lost' } },
      },
      mergePatch,
    );
    expect(viaStatus.status?.phase).toBe('Lost');
  });

  it('deletes a deployment with its ReplicaSet and pods', async () => {
    await apps.deleteNamespacedDeployment({
      name: 'order-api',
      namespace: 'shop',
    });
    const rs = await apps.listNamespacedReplicaSet({
      namespace: 'shop',
      labelSelector: 'app=order-api',
    });
    const pods = await core.listNamespacedPod({
      namespace: 'shop',
      labelSelector: 'app=order-api',
    });
    expect(rs.items).toHaveLength(0);
    expect(pods.items).toHaveLength(0);
  });

  it('does not persist dry-run writes', async () => {
    await apps.patchNamespacedDeployment(
      {
        name: 'order-api',
        namespace: 'shop',
        dryRun: 'All',
        body: { spec: { replicas: 7 } },
      },
      mergePatch,
    );
    const read = await apps.readNamespacedDeployment({
      name: 'order-api',
      namespace: 'shop',
    });
    expect(read.spec?.replicas).toBe(2);
  });
});
