import { useApi } from '@backstage/core-plugin-api';
import {
  StatusError,
  StatusOK,
  StatusWarning,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import type {
  CapacityVerdict,
  HostCapacity,
} from '@awoooi/plugin-awoooi-common';
import useAsync from 'react-use/esm/useAsync';
import { awoooiApiRef } from '../../api';
import { formatPercent } from '../common/format';
import { RelativeTime } from '../common/RelativeTime';
import { cardPlaceholder } from '../common/cardPlaceholder';
import { cardTableOptions } from '../common/tableOptions';

function Verdict(props: { verdict: CapacityVerdict }) {
  switch (props.verdict) {
    case 'critical':
      return <StatusError>critical</StatusError>;
    case 'warning':
      return <StatusWarning>warning</StatusWarning>;
    default:
      return <StatusOK>ok</StatusOK>;
  }
}

const VERDICT_ORDER: CapacityVerdict[] = ['critical', 'warning', 'ok'];

function worstVerdictFirst(hosts: HostCapacity[]): HostCapacity[] {
  return [...hosts].sort(
    (a, b) =>
      VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict) ||
      a.instance.localeCompare(b.instance),
  );
}

// Built per render: the table writes its own state into column objects.
function capacityColumns(): TableColumn<HostCapacity>[] {
  return [
    {
      title: 'Host',
      field: 'instance',
      highlight: true,
      render: h => `${h.server || h.instance}`,
    },
    { title: 'Verdict', render: h => <Verdict verdict={h.verdict} /> },
    { title: 'CPU', render: h => formatPercent(h.cpuPercent) },
    { title: 'Memory', render: h => formatPercent(h.memoryPercent) },
    { title: 'Swap', render: h => formatPercent(h.swapPercent) },
    { title: 'iowait', render: h => formatPercent(h.iowaitPercent) },
    {
      title: 'Load 1/5/15',
      render: h =>
        [h.load1, h.load5, h.load15].map(l => l.toFixed(2)).join(' / '),
    },
    { title: 'Taken', render: h => <RelativeTime iso={h.takenAt} /> },
  ];
}

/** The latest capacity snapshot per host, worst verdict first. */
export function CapacityCard() {
  const api = useApi(awoooiApiRef);
  const { value, loading, error } = useAsync(
    () => api.listHostCapacity(),
    [api],
  );
  const placeholder = cardPlaceholder(
    'Capacity',
    { value: loading ? undefined : value, error },
    {
      title: 'No capacity snapshot yet',
      description:
        "The capacity scan records each host's load, CPU, memory and swap.",
    },
  );
  if (placeholder || !value) return placeholder ?? null;
  const rows = worstVerdictFirst(value);
  return (
    <Table<HostCapacity>
      title="Capacity"
      columns={capacityColumns()}
      data={rows}
      options={cardTableOptions(rows.length)}
    />
  );
}
