import MuiLink from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { Table, type TableColumn } from '@backstage/core-components';
import type { Incident } from '@awoooi/plugin-awoooi-common';
import { RelativeTime } from '../common/RelativeTime';
import { SeverityChip } from '../common/SeverityChip';
import { TruncatedText } from '../common/TruncatedText';
import { cardTableOptions } from '../common/tableOptions';

const nameOf = (ref: string) => ref.slice(ref.indexOf('/') + 1);

/**
 * Where the viewed entity stands in an incident rooted elsewhere, e.g.
 * "affected: 2 hops upstream of postgres-db"; undefined on the root cause.
 */
export function affectedLabel(
  incident: Incident,
  viewedRef?: string,
): string | undefined {
  if (!viewedRef || incident.entityRef === viewedRef) return undefined;
  const member = incident.entities?.find(e => e.entityRef === viewedRef);
  const root = nameOf(incident.entityRef);
  const hops = member?.hopsToRootCause;
  if (hops === null || hops === undefined)
    return `affected: root cause ${root}`;
  return `affected: ${hops} hop${hops === 1 ? '' : 's'} upstream of ${root}`;
}

const columns = (
  onSelect: (incident: Incident) => void,
  viewedRef?: string,
): TableColumn<Incident>[] => [
  {
    title: 'Incident',
    field: 'title',
    highlight: true,
    // A real button, so the list works from the keyboard too.
    render: incident => (
      <>
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
        {affectedLabel(incident, viewedRef) && (
          <Typography variant="caption" display="block" color="textSecondary">
            {affectedLabel(incident, viewedRef)}
          </Typography>
        )}
      </>
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
  /** The entity whose tab shows the list: incidents rooted elsewhere say how it is affected. */
  viewedRef?: string;
}) {
  const { incidents, selectedId, onSelect, viewedRef } = props;
  return (
    <Table<Incident>
      title="Incidents"
      columns={columns(onSelect, viewedRef)}
      data={incidents}
      onRowClick={(_event, incident) => incident && onSelect(incident)}
      options={{
        ...cardTableOptions(incidents.length),
        rowStyle: (incident: Incident) => ({
          cursor: 'pointer',
          backgroundColor:
            incident.id === selectedId ? 'rgba(25, 118, 210, 0.08)' : undefined,
        }),
      }}
    />
  );
}
