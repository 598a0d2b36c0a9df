import { useApi } from '@backstage/core-plugin-api';
import { Link, Table, type TableColumn } from '@backstage/core-components';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  PROPOSALS_CHANNEL,
  describeRequirement,
  type Proposal,
} from '@awoooi/plugin-awoooi-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { awoooiApiRef } from '../../api';
import { awaitingMe } from '../Approval/signing';
import { entityName } from '../common/EntityPathChain';
import { RelativeTime } from '../common/RelativeTime';
import { RiskBadge } from '../common/RiskBadge';
import { useOnSignal } from '../common/useOnSignal';
import { useProposalLink } from './links';
import { TruncatedText } from '../common/TruncatedText';
import { cardPlaceholder } from '../common/cardPlaceholder';

function proposalColumns(
  link: ReturnType<typeof useProposalLink>,
): TableColumn<Proposal>[] {
  return [
    {
      title: 'Proposal',
      field: 'title',
      highlight: true,
      render: p => (
        <TruncatedText
          text={p.title}
          wrap={shown => <Link to={link(p)}>{shown}</Link>}
        />
      ),
    },
    { title: 'Entity', render: p => entityName(p.entityRef) },
    { title: 'Risk', render: p => <RiskBadge risk={p.risk} /> },
    { title: 'Needs', render: p => describeRequirement(p.required) },
    {
      title: 'Signed',
      render: p => `${p.signatures.length} / ${p.required.count}`,
    },
    { title: 'Expires', render: p => <RelativeTime iso={p.expiresAt} /> },
  ];
}

/** The pending proposals awaiting the caller, fetched again on any proposal signal. */
function useProposalsAwaitingMe() {
  const api = useApi(awoooiApiRef);
  const state = useAsyncRetry(async () => {
    const [me, proposals] = await Promise.all([
      api.getMe(),
      api.listProposals({ state: 'PENDING' }),
    ]);
    return awaitingMe(proposals, me);
  }, [api]);
  const { lastSignal } = useSignal(PROPOSALS_CHANNEL);
  useOnSignal(lastSignal, () => state.retry());
  return state;
}

/**
 * PENDING proposals the signed-in user could approve now (they hold a role
 * that can sign, did not propose it and have not signed it yet).
 */
export function PendingApprovalsCard() {
  const link = useProposalLink();
  const state = useProposalsAwaitingMe();

  const title = 'Pending approvals for me';
  const placeholder = cardPlaceholder(title, state, {
    title: 'Nothing waits for your signature',
    description: 'Proposals you can approve appear here.',
  });
  if (placeholder || !state.value) return placeholder ?? null;
  return (
    <Table<Proposal>
      title={`${title} (${state.value.length})`}
      columns={proposalColumns(link)}
      data={state.value}
      options={{ paging: false, search: false, padding: 'dense' }}
    />
  );
}
