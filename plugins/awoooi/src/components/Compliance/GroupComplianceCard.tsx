import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { awoooiApiRef } from '../../api';
import { isNotFound } from '../common/errors';
import { ComplianceScore, scoreColor } from './ComplianceScore';

/** A group's compliance: the roll-up score and each owned entity's score, worst first. */
export function GroupComplianceCard(props: { groupRef: string }) {
  const api = useApi(awoooiApiRef);
  const { value, loading, error } = useAsync(
    () => api.getGroupCompliance(props.groupRef),
    [api, props.groupRef],
  );
  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (error && !isNotFound(error)) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value || value.entities.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="Nothing scanned"
        description="This group owns no entity the compliance scan has checked."
      />
    );
  } else {
    const entities = [...value.entities].sort(
      (a, b) =>
        (a.score ?? -1) - (b.score ?? -1) ||
        a.entityRef.localeCompare(b.entityRef),
    );
    body = (
      <>
        <ComplianceScore score={value.score} />
        <List dense aria-label="entity scores">
          {entities.map(entity => (
            <ListItem key={entity.entityRef} disableGutters>
              <ListItemText
                primary={<EntityRefLink entityRef={entity.entityRef} />}
              />
              <Typography
                variant="body2"
                style={{ color: scoreColor(entity.score), fontWeight: 700 }}
              >
                {entity.score === null ? '—' : Math.round(entity.score)}
              </Typography>
            </ListItem>
          ))}
        </List>
      </>
    );
  }
  return <InfoCard title="Compliance of owned entities">{body}</InfoCard>;
}

/** The overview card of the current Group entity. */
export function EntityGroupComplianceCard() {
  const { entity } = useEntity();
  return <GroupComplianceCard groupRef={stringifyEntityRef(entity)} />;
}
