import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  Alert,
  AwoooiApi,
  AwoooiMe,
  ComplianceReport,
  FinOpsReport,
  GroupComplianceRollup,
  HostCapacity,
  Incident,
  IncidentDetails,
  IncidentReport,
  OperationLogEntry,
  OutcomesOverview,
  Proposal,
  ScanStatus,
  TranscriptLine,
  TrustPattern,
} from '@awoooi/plugin-awoooi-common';

type Query = Record<string, string | number | undefined>;

/** Calls the AWOOOI backend under `/api/awoooi` with the signed-in user's token. */
export class AwoooiClient implements AwoooiApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  getMe(): Promise<AwoooiMe> {
    return this.get('/me');
  }

  async listIncidents(query: {
    entityRef?: string;
    state?: 'open' | 'resolved';
    limit?: number;
  }): Promise<Incident[]> {
    return this.list('/incidents', query);
  }

  getIncident(id: string): Promise<IncidentDetails> {
    return this.get(`/incidents/${encodeURIComponent(id)}`);
  }

  getIncidentReport(id: string): Promise<IncidentReport> {
    return this.get(`/incidents/${encodeURIComponent(id)}/report`);
  }

  async getIncidentReportMarkdown(id: string): Promise<string> {
    const path = `/incidents/${encodeURIComponent(id)}/report.md`;
    return (await this.request('GET', path)).text();
  }

  getOutcomes(days?: number): Promise<OutcomesOverview> {
    return this.get('/outcomes', { days });
  }

  getTranscript(id: string): Promise<TranscriptLine[]> {
    return this.list(`/incidents/${encodeURIComponent(id)}/transcript`);
  }

  listUnmappedAlerts(): Promise<Alert[]> {
    return this.list('/alerts/unmapped');
  }

  listProposals(query: {
    state?: string;
    entityRef?: string;
  }): Promise<Proposal[]> {
    return this.list('/proposals', query);
  }

  approveProposal(id: string, comment?: string): Promise<Proposal> {
    return this.post(`/proposals/${encodeURIComponent(id)}/approve`, {
      comment,
    });
  }

  rejectProposal(id: string, comment?: string): Promise<Proposal> {
    return this.post(`/proposals/${encodeURIComponent(id)}/reject`, {
      comment,
    });
  }

  listTrust(): Promise<TrustPattern[]> {
    return this.list('/trust');
  }

  listAudit(query: {
    incidentId?: string;
    proposalId?: string;
    entityRef?: string;
  }): Promise<OperationLogEntry[]> {
    return this.list('/audit', query);
  }

  listScans(): Promise<ScanStatus[]> {
    return this.list('/scans');
  }

  async runScan(id: string): Promise<void> {
    await this.request('POST', `/scans/${encodeURIComponent(id)}/run`);
  }

  listHostCapacity(): Promise<HostCapacity[]> {
    return this.list('/capacity/hosts');
  }

  getCompliance(entityRef: string): Promise<ComplianceReport> {
    return this.get('/compliance/entity', { entityRef });
  }

  getGroupCompliance(groupRef: string): Promise<GroupComplianceRollup> {
    return this.get('/compliance/group', { groupRef });
  }

  getFinOps(entityRef: string): Promise<FinOpsReport> {
    return this.get('/finops/entity', { entityRef });
  }

  proposeRecommendation(id: string): Promise<Proposal> {
    return this.post(
      `/finops/recommendations/${encodeURIComponent(id)}/propose`,
      {},
    );
  }

  private async get<T>(path: string, query?: Query): Promise<T> {
    const response = await this.request('GET', path, query);
    return (await response.json()) as T;
  }

  /** Lists come wrapped as `{ items: [...] }`. */
  private async list<T>(path: string, query?: Query): Promise<T[]> {
    const body = await this.get<{ items: T[] }>(path, query);
    return body.items;
  }

  private async post<T>(path: string, body: object): Promise<T> {
    const response = await this.request('POST', path, undefined, body);
    return (await response.json()) as T;
  }

  private async request(
    method: 'GET' | 'POST',
    path: string,
    query?: Query,
    body?: object,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('awoooi');
    const response = await this.fetchApi.fetch(
      `${baseUrl}${path}${toSearch(query)}`,
      {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
      },
    );
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}

function toSearch(query?: Query): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
