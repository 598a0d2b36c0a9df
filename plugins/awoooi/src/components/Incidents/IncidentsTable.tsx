import MuiLink from '@material-ui/core/Link';
import { Table, type TableColumn } from '@backstage/core-components';
import type { Incident } from '@awoooi/plugin-awoooi-common';
import { RelativeTime } from '../common/RelativeTime';
import { SeverityChip } from '../common/SeverityChip';
import { TruncatedText } from '../common/TruncatedText';

const columns = (
  onSelect: (incident: Incident) => void,
): TableColumn<Incident>[] => [
  {
    title: 'Incident',
    field: 'title',
    highlight: true,
    // A real button, so the list works from the keyboard too.
    render: incident => (
      <TruncatedText
        text={incident.title}
        wrap={shown => (
          <MuiLink
            component="button"
            variant="body2"
            style={{ textAlign: 'left' }}
            onClick={(event: React.MouseEvent) => {
              event.stopPropagation();
              onSelect(incident);
            }}
          >
            {shown}
          </MuiLink>
        )}
      />
    ),
  },
  {
    title: 'Severity',
    field: 'severity',
    render: incident => <SeverityChip severity={incident.severity} />,
  },
  { title: 'State', field: 'state' },
  {
    title: 'Alerts',
    render: incident =>
      `${incident.firingAlerts} firing / ${incident.totalAlerts}`,
  },
  {
    title: 'Since',
    field: 'openedAt',
    render: incident => <RelativeTime iso={incident.openedAt} />,
  },
  { title: 'Analysis', field: 'analysisState' },
];

/** Open and recent incidents; clicking a row selects it. */
export function IncidentsTable(props: {
  incidents: Incident[];
  selectedId?: string;
  onSelect: (incident: Incident) => void;
}) {
  const { incidents, selectedId, onSelect } = props;
  return (
    <Table<Incident>
      title="Incidents"
      columns={columns(onSelect)}
      data={incidents}
      onRowClick={(_event, incident) => incident && onSelect(incident)}
      options={{
        paging: incidents.length > 10,
        pageSize: 10,
        search: false,
        padding: 'dense',
        rowStyle: (incident: Incident) => ({
          cursor: 'pointer',
          backgroundColor:
            incident.id === selectedId ? 'rgba(25, 118, 210, 0.08)' : undefined,
        }),
      }}
    />
  );
}
