import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';
import { awoooiApiRef } from '../../api';
import { isNotFound } from '../common/errors';
import { ComplianceChecks } from './ComplianceChecks';
import { ComplianceScore } from './ComplianceScore';

/** Compliance of one entity by its ref: the score and the seven dimensions. */
export function ComplianceCard(props: { entityRef: string }) {
  const api = useApi(awoooiApiRef);
  const { value, loading, error } = useAsync(
    () => api.getCompliance(props.entityRef),
    [api, props.entityRef],
  );
  let body: JSX.Element;
  if (loading) {
    body = <Progress />;
  } else if (error && !isNotFound(error)) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value || value.checks.length === 0) {
    body = (
      <EmptyState
        missing="data"
        title="Not scanned yet"
        description="The compliance scan has not checked this entity yet."
      />
    );
  } else {
    body = (
      <>
        <ComplianceScore score={value.score} />
        {value.score === null && (
          <Typography variant="caption" color="textSecondary">
            No dimension has a source configured, so there is nothing to score.
          </Typography>
        )}
        <Box mt={2}>
          <ComplianceChecks checks={value.checks} />
        </Box>
      </>
    );
  }
  return <InfoCard title="Compliance">{body}</InfoCard>;
}

/** The overview card of the current entity. */
export function EntityComplianceCard() {
  const { entity } = useEntity();
  return <ComplianceCard entityRef={stringifyEntityRef(entity)} />;
}
