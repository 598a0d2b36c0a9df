import { ResponseError } from '@backstage/errors';
import { AwoooiClient } from './AwoooiClient';

function jsonResponse(status: number, body: unknown) {
  const text = JSON.stringify(body);
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: status === 409 ? 'Conflict' : 'OK',
    url: 'http://backend/api/awoooi',
    headers: {
      get: (name: string) =>
        name.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    json: async () => JSON.parse(text),
    text: async () => text,
  } as unknown as Response;
}

function setup(response: Response) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => response);
  const client = new AwoooiClient({
    discoveryApi: {
      getBaseUrl: async (id: string) => `http://backend/api/${id}`,
    },
    fetchApi: { fetch: fetch as any },
  });
  return { client, fetch };
}

describe('AwoooiClient', () => {
  it('lists incidents with the query in the URL and unwraps items', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { items: [{ id: 'inc-1' }] }),
    );
    const items = await client.listIncidents({
      entityRef: 'component:default/order-api',
      state: 'open',
      limit: 5,
    });
    expect(items).toEqual([{ id: 'inc-1' }]);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/awoooi/incidents?entityRef=component%3Adefault%2Forder-api&state=open&limit=5',
    );
    expect(fetch.mock.calls[0][1]?.method).toBe('GET');
  });

  it('leaves out empty query values', async () => {
    const { client, fetch } = setup(jsonResponse(200, { items: [] }));
    await client.listProposals({ state: 'PENDING', entityRef: undefined });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/awoooi/proposals?state=PENDING',
    );
  });

  it('returns single objects as they come', async () => {
    const me = { userEntityRef: 'user:default/sam', roles: ['sre'] };
    const { client, fetch } = setup(jsonResponse(200, me));
    await expect(client.getMe()).resolves.toEqual(me);
    expect(fetch.mock.calls[0][0]).toBe('http://backend/api/awoooi/me');
  });

  it('posts an approval with its comment as JSON, escaping the id', async () => {
    const { client, fetch } = setup(
      jsonResponse(200, { id: 'a/b', state: 'EXECUTING' }),
    );
    await client.approveProposal('a/b', 'looks right');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('http://backend/api/awoooi/proposals/a%2Fb/approve');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ comment: 'looks right' });
    expect((init?.headers as Record<string, string>)['Content-Type']).toBe(
      'application/json',
    );
  });

  it('routes every other call to its path', async () => {
    const { client, fetch } = setup(jsonResponse(200, { items: [] }));
    await client.rejectProposal('p1');
    await client.getTranscript('i1');
    await client.listUnmappedAlerts();
    await client.listTrust();
    await client.listAudit({ incidentId: 'i1' });
    await client.listScans();
    await client.listHostCapacity();
    await client.getCompliance('component:default/x');
    await client.getGroupCompliance('group:default/g');
    await client.getFinOps('component:default/x');
    await client.proposeRecommendation('r1');
    await client.getIncident('i1');
    expect(fetch.mock.calls.map(c => `${c[1]?.method} ${c[0]}`)).toEqual([
      'POST http://backend/api/awoooi/proposals/p1/reject',
      'GET http://backend/api/awoooi/incidents/i1/transcript',
      'GET http://backend/api/awoooi/alerts/unmapped',
      'GET http://backend/api/awoooi/trust',
      'GET http://backend/api/awoooi/audit?incidentId=i1',
      'GET http://backend/api/awoooi/scans',
      'GET http://backend/api/awoooi/capacity/hosts',
      'GET http://backend/api/awoooi/compliance/entity?entityRef=component%3Adefault%2Fx',
      'GET http://backend/api/awoooi/compliance/group?groupRef=group%3Adefault%2Fg',
      'GET http://backend/api/awoooi/finops/entity?entityRef=component%3Adefault%2Fx',
      'POST http://backend/api/awoooi/finops/recommendations/r1/propose',
      'GET http://backend/api/awoooi/incidents/i1',
    ]);
  });

  it('throws a ResponseError carrying the backend error', async () => {
    const { client } = setup(
      jsonResponse(409, {
        error: {
          name: 'ConflictError',
          message: 'scan capacity is already running',
        },
        request: { method: 'POST', url: '/scans/capacity/run' },
        response: { statusCode: 409 },
      }),
    );
    const error = await client.runScan('capacity').catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.cause.name).toBe('ConflictError');
    expect(error.cause.message).toBe('scan capacity is already running');
  });
});
