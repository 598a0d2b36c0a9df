import { apiError, k8s, kubeConfigFor } from '../__testUtils__/clientNode';
import { KubeTestServer, startKubeTestServer } from './startKubeTestServer';

describe('RBAC and SelfSubjectAccessReview', () => {
  let server: KubeTestServer;

  beforeEach(async () => {
    server = await startKubeTestServer({
      seed: 'demo',
      token: 'executor-token',
      userName: 'system:serviceaccount:awoooi:executor',
      rules: [
        { verbs: ['get', 'list'], resources: ['*'] },
        { verbs: ['delete'], resources: ['pods'], namespaces: ['shop'] },
        {
          verbs: ['patch'],
          resources: ['deployments/scale'],
          apiGroups: ['apps'],
        },
      ],
      users: [{ token: 'viewer-token', name: 'viewer', rules: [] }],
    });
  });

  afterEach(() => server.close());

  async function review(token: string, attrs: k8s.V1ResourceAttributes) {
    const authz = kubeConfigFor(server, token).makeApiClient(
      k8s.AuthorizationV1Api,
    );
    const result = await authz.createSelfSubjectAccessReview({
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: attrs },
      },
    });
    return result.status!;
  }

  it('allows what a rule grants, in the namespaces it is bound to', async () => {
    expect(
      await review('executor-token', {
        verb: 'delete',
        resource: 'pods',
        namespace: 'shop',
      }),
    ).toMatchObject({ allowed: true });
    const elsewhere = await review('executor-token', {
      verb: 'delete',
      resource: 'pods',
      namespace: 'data',
    });
    expect(elsewhere.allowed).toBe(false);
    expect(elsewhere.reason).toContain(
      '"delete" on "pods" in the namespace "data"',
    );
  });

  it('matches subresources and API groups', async () => {
    expect(
      await review('executor-token', {
        verb: 'patch',
        group: 'apps',
        resource: 'deployments',
        subresource: 'scale',
        namespace: 'shop',
      }),
    ).toMatchObject({ allowed: true });
    expect(
      await review('executor-token', {
        verb: 'patch',
        group: 'apps',
        resource: 'deployments',
        namespace: 'shop',
      }),
    ).toMatchObject({ allowed: false });
  });

  it('denies everything to a user without rules, but still answers its reviews', async () => {
    const status = await review('viewer-token', {
      verb: 'get',
      resource: 'pods',
    });
    expect(status.allowed).toBe(false);
    expect(status.reason).toContain('user "viewer"');
  });

  it('enforces the rules on real requests with a 403 Forbidden Status', async () => {
    const core = kubeConfigFor(server, 'executor-token').makeApiClient(
      k8s.CoreV1Api,
    );
    const [pod] = (await core.listNamespacedPod({ namespace: 'data' })).items;
    const error = await apiError(
      core.deleteNamespacedPod({
        name: pod.metadata!.name!,
        namespace: 'data',
      }),
    );
    expect(error.code).toBe(403);
    expect(error.status).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
      code: 403,
    });
    expect(error.status.message).toContain(
      'User "system:serviceaccount:awoooi:executor" cannot delete resource "pods"',
    );
    const viewer = kubeConfigFor(server, 'viewer-token').makeApiClient(
      k8s.CoreV1Api,
    );
    expect((await apiError(viewer.listNamespace())).code).toBe(403);
  });

  it('applies rule changes made between two requests', async () => {
    server.setRules([{ verbs: ['*'], resources: ['pods'] }]);
    expect(
      await review('executor-token', {
        verb: 'delete',
        resource: 'pods',
        namespace: 'data',
      }),
    ).toMatchObject({ allowed: true });
    expect(
      await review('executor-token', { verb: 'list', resource: 'nodes' }),
    ).toMatchObject({ allowed: false });
  });
});
