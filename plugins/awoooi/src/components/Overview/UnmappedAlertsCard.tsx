import { useApi } from '@backstage/core-plugin-api';
import { Table, type TableColumn } from '@backstage/core-components';
import type { Alert } from '@awoooi/plugin-awoooi-common';
import useAsync from 'react-use/esm/useAsync';
import { awoooiApiRef } from '../../api';
import { RelativeTime } from '../common/RelativeTime';
import { SeverityChip } from '../common/SeverityChip';
import { TruncatedText } from '../common/TruncatedText';
import { cardPlaceholder } from '../common/cardPlaceholder';
import { cardTableOptions } from '../common/tableOptions';

function labelText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

// Built per render: the table writes its own state into column objects.
function alertColumns(): TableColumn<Alert>[] {
  return [
    {
      title: 'Alert',
      field: 'title',
      highlight: true,
      render: a => <TruncatedText text={a.title} />,
    },
    { title: 'Severity', render: a => <SeverityChip severity={a.severity} /> },
    { title: 'Status', field: 'status' },
    { title: 'Source', field: 'source' },
    {
      title: 'Labels',
      render: a => (
        <code style={{ fontSize: '0.75rem' }}>
          <TruncatedText text={labelText(a.labels)} />
        </code>
      ),
    },
    { title: 'Received', render: a => <RelativeTime iso={a.receivedAt} /> },
  ];
}

/** Alerts no catalog entity claims: kept, not dropped, so someone can map them. */
export function UnmappedAlertsCard() {
  const api = useApi(awoooiApiRef);
  const { value, loading, error } = useAsync(
    () => api.listUnmappedAlerts(),
    [api],
  );
  const placeholder = cardPlaceholder(
    'Unmapped alerts',
    { value: loading ? undefined : value, error },
    {
      title: 'Every alert maps to an entity',
      description: 'Alerts whose labels match no entity would be listed here.',
    },
  );
  if (placeholder || !value) return placeholder ?? null;
  return (
    <Table<Alert>
      title={`Unmapped alerts (${value.length})`}
      columns={alertColumns()}
      data={value}
      options={cardTableOptions(value.length)}
    />
  );
}
