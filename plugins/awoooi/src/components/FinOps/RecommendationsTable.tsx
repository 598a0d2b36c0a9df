import { Table, type TableColumn } from '@backstage/core-components';
import type {
  FinOpsRecommendation,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import { formatCurrency, humanize } from '../common/format';
import { RiskBadge } from '../common/RiskBadge';
import { ProposeFixButton } from './ProposeFixButton';
import { cardTableOptions } from '../common/tableOptions';

const KIND_LABELS: Record<string, string> = {
  orphaned_pvc: 'Orphaned PVC',
  zombie_pod: 'Zombie pod',
  overprovisioned_node: 'Over-provisioned node',
};

function recommendationColumns(
  currency: string,
  onProposed?: (proposal: Proposal) => void,
): TableColumn<FinOpsRecommendation>[] {
  return [
    {
      title: 'Resource',
      field: 'resource',
      highlight: true,
      render: r => (
        <>
          {r.resource}
          <div style={{ fontSize: '0.75rem', opacity: 0.7, fontWeight: 400 }}>
            {r.cluster} · {r.detail}
          </div>
        </>
      ),
    },
    {
      title: 'Kind',
      field: 'kind',
      render: r => KIND_LABELS[r.kind] ?? humanize(r.kind),
    },
    {
      title: '$/month',
      field: 'monthlyCost',
      type: 'numeric',
      render: r => formatCurrency(r.monthlyCost, currency),
    },
    {
      title: 'Saving',
      render: r => (r.realizable ? 'realizable now' : 'freed after scale-down'),
    },
    { title: 'Risk', field: 'risk', render: r => <RiskBadge risk={r.risk} /> },
    {
      title: 'Action',
      field: 'action',
      render: r => (
        <>
          <code>{r.action}</code>
          <div style={{ marginTop: 4 }}>
            <ProposeFixButton recommendation={r} onProposed={onProposed} />
          </div>
        </>
      ),
    },
  ];
}

/** Recommendations, most expensive first, each with a way to propose the fix. */
export function RecommendationsTable(props: {
  recommendations: FinOpsRecommendation[];
  currency: string;
  onProposed?: (proposal: Proposal) => void;
}) {
  const { currency, onProposed } = props;
  const rows = [...props.recommendations].sort(
    (a, b) => b.monthlyCost - a.monthlyCost,
  );
  return (
    <Table<FinOpsRecommendation>
      title="Recommendations"
      columns={recommendationColumns(currency, onProposed)}
      data={rows}
      options={cardTableOptions(rows.length)}
    />
  );
}
