import { useApi } from '@backstage/core-plugin-api';
import { Link, Table, type TableColumn } from '@backstage/core-components';
import { compareSeverity, Incident } from '@awoooi/plugin-awoooi-common';
import useAsync from 'react-use/esm/useAsync';
import { awoooiApiRef } from '../../api';
import { entityName } from '../common/EntityPathChain';
import { formatCurrency } from '../common/format';
import { RelativeTime } from '../common/RelativeTime';
import { SeverityChip } from '../common/SeverityChip';
import { useIncidentLink } from './links';
import { TruncatedText } from '../common/TruncatedText';
import { cardPlaceholder } from '../common/cardPlaceholder';
import { cardTableOptions } from '../common/tableOptions';

type IncidentLink = ReturnType<typeof useIncidentLink>;

/** Worst severity first; among equals, the longest open first. */
function worstFirst(incidents: Incident[]): Incident[] {
  return [...incidents].sort(
    (a, b) =>
      compareSeverity(b.severity, a.severity) ||
      Date.parse(a.openedAt) - Date.parse(b.openedAt),
  );
}

function incidentColumns(link: IncidentLink): TableColumn<Incident>[] {
  return [
    {
      title: 'Incident',
      field: 'title',
      highlight: true,
      render: i => (
        <TruncatedText
          text={i.title}
          wrap={shown => <Link to={link(i.entityRef, i.id)}>{shown}</Link>}
        />
      ),
    },
    {
      title: 'Entity',
      render: i => (
        <Link to={link(i.entityRef)}>{entityName(i.entityRef)}</Link>
      ),
    },
    { title: 'Severity', render: i => <SeverityChip severity={i.severity} /> },
    { title: 'Alerts', render: i => `${i.firingAlerts} / ${i.totalAlerts}` },
    {
      title: 'Burn rate',
      render: i =>
        i.costPerHour === null ? '—' : `${formatCurrency(i.costPerHour)}/h`,
    },
    { title: 'Since', render: i => <RelativeTime iso={i.openedAt} /> },
  ];
}

/** Open incidents across the catalog, worst first, each linking to its entity's tab. */
export function OpenIncidentsCard() {
  const api = useApi(awoooiApiRef);
  const link = useIncidentLink();
  const { value, loading, error } = useAsync(
    () => api.listIncidents({ state: 'open', limit: 100 }),
    [api],
  );
  const placeholder = cardPlaceholder(
    'Open incidents',
    { value: loading ? undefined : value, error },
    { title: 'No open incidents', description: 'Everything is quiet.' },
  );
  if (placeholder || !value) return placeholder ?? null;
  const rows = worstFirst(value);
  return (
    <Table<Incident>
      title={`Open incidents (${rows.length})`}
      columns={incidentColumns(link)}
      data={rows}
      options={cardTableOptions(rows.length)}
    />
  );
}
