import { useCallback } from 'react';
import Grid from '@material-ui/core/Grid';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  entityIncidentsChannel,
  type Incident,
} from '@awoooi/plugin-awoooi-common';
import { useSignal } from '@backstage/plugin-signals-react';
import { useOnSignal } from '../common/useOnSignal';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awoooiApiRef } from '../../api';
import { IncidentDetails } from './IncidentDetails';
import { IncidentsTable } from './IncidentsTable';

/** How many incidents the tab lists: all open ones and the most recent closed. */
const RECENT_LIMIT = 50;

/** Open incidents first (newest first), then resolved ones by recency. */
export function orderIncidents(incidents: Incident[]): Incident[] {
  return [...incidents].sort((a, b) => {
    if (a.state !== b.state) return a.state === 'open' ? -1 : 1;
    return Date.parse(b.openedAt) - Date.parse(a.openedAt);
  });
}

/**
 * The Incidents tab of one entity. The selected incident is kept in the URL
 * (`?incident=<id>`) so other pages can link straight to it.
 */
export function IncidentsView(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(awoooiApiRef);
  const [params, setParams] = useSearchParams();
  const list = useAsyncRetry(
    () => api.listIncidents({ entityRef, limit: RECENT_LIMIT }),
    [api, entityRef],
  );
  const me = useAsync(() => api.getMe(), [api]);
  const { retry } = list;
  const refreshList = useCallback(() => retry(), [retry]);
  // New, analysed and resolved incidents of this entity arrive as signals.
  const { lastSignal } = useSignal(entityIncidentsChannel(entityRef));
  useOnSignal(lastSignal, refreshList);

  if (list.error && !list.value)
    return <ResponseErrorPanel error={list.error} />;
  if (!list.value) return <Progress />;

  const incidents = orderIncidents(list.value);
  if (incidents.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No incidents"
        description="No alert has opened an incident for this entity. Incidents appear here as soon as an alert maps to it."
      />
    );
  }

  const requested = params.get('incident');
  const selected = incidents.find(i => i.id === requested) ?? incidents[0];

  return (
    <Grid container spacing={3}>
      <Grid item xs={12}>
        <IncidentsTable
          incidents={incidents}
          viewedRef={entityRef}
          selectedId={selected.id}
          onSelect={incident => {
            const next = new URLSearchParams(params);
            next.set('incident', incident.id);
            setParams(next, { replace: true });
          }}
        />
      </Grid>
      <Grid item xs={12}>
        <IncidentDetails
          key={selected.id}
          incidentId={selected.id}
          me={me.value}
          meError={me.error}
          onChanged={refreshList}
        />
      </Grid>
    </Grid>
  );
}
