import Box from '@material-ui/core/Box';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  AwoooiMe,
  describePatternTrust,
  Proposal,
} from '@awoooi/plugin-awoooi-common';
import { RiskBadge } from '../common/RiskBadge';
import { RelativeTime } from '../common/RelativeTime';
import { EntityPathChain } from '../common/EntityPathChain';
import { ActorName } from '../common/ActorName';
import { ApprovalActions } from './ApprovalActions';
import { proposalAnchor } from './anchors';
import { DryRunChecks } from './DryRunChecks';
import { FinOpsSavings } from './FinOpsSavings';
import { ProposalOutcome } from './ProposalOutcome';
import { RequiredSignatures, SignatureList } from './SignatureList';
import { TruncatedText } from '../common/TruncatedText';

function Section(props: { title: string; children: React.ReactNode }) {
  return (
    <Box mt={2}>
      <Typography variant="overline" component="h4">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}

/** What the pattern's trust stands on now: its approvals and its last outcome. */
function trustLine(proposal: Proposal): string {
  const trust = proposal.trust ?? {
    score: proposal.trustScore,
    lastOutcome: null,
    autoSuspended: false,
  };
  return describePatternTrust(
    proposal.baseRisk,
    trust,
    proposal.trustThresholds,
  );
}

/** State, who proposed it when, and when a pending proposal expires. */
function ProposalSubheader({ proposal }: { proposal: Proposal }) {
  return (
    <span>
      {proposal.state} · proposed by <ActorName actor={proposal.proposedBy} />{' '}
      <RelativeTime iso={proposal.createdAt} />
      {proposal.state === 'PENDING' && (
        <>
          {' '}
          · expires <RelativeTime iso={proposal.expiresAt} />
        </>
      )}
    </span>
  );
}

/** The action on its target, savings of a FinOps fix, entity, executor, pattern and trust. */
function ProposalSummary({ proposal }: { proposal: Proposal }) {
  const riskNote =
    proposal.risk !== proposal.baseRisk ? ` (base ${proposal.baseRisk})` : '';
  return (
    <>
      <Typography variant="body1">
        <strong>{proposal.action}</strong> on <code>{proposal.target}</code>
        {riskNote && (
          <Typography variant="caption" color="textSecondary" component="span">
            {riskNote}
          </Typography>
        )}
      </Typography>
      {proposal.source === 'finops' && <FinOpsSavings proposal={proposal} />}
      <Typography variant="body2" color="textSecondary">
        Entity <EntityRefLink entityRef={proposal.entityRef} /> · executor{' '}
        {proposal.executor} · pattern <code>{proposal.pattern}</code> ·{' '}
        <strong>{trustLine(proposal)}</strong>
      </Typography>
    </>
  );
}

function BlastRadiusSection({ proposal }: { proposal: Proposal }) {
  return (
    <Section title="Blast radius">
      {proposal.blastRadius.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          Nothing upstream depends on the target.
        </Typography>
      ) : (
        proposal.blastRadius.map(entry => (
          <Box key={entry.entityRef} mb={0.5}>
            <EntityPathChain
              path={entry.path}
              label={`blast path to ${entry.entityRef}`}
            />
          </Box>
        ))
      )}
    </Section>
  );
}

/**
 * One proposal as approvers need to judge it: what it does and to what, how
 * risky it is, who must sign and who did, what the dry-run found, what else it
 * touches, how far its pattern is trusted, and the buttons to decide.
 */
export function ApprovalCard(props: {
  proposal: Proposal;
  me: AwoooiMe | undefined;
  onChanged: (proposal: Proposal) => void;
}) {
  const { proposal, me, onChanged } = props;
  return (
    <div id={proposalAnchor(proposal.id).slice(1)}>
      <InfoCard
        title={<TruncatedText text={proposal.title} />}
        subheader={<ProposalSubheader proposal={proposal} />}
        action={
          <Box m={1}>
            <RiskBadge risk={proposal.risk} size="medium" />
          </Box>
        }
      >
        <ProposalSummary proposal={proposal} />

        <Section title="Signatures">
          <RequiredSignatures
            required={proposal.required}
            signatures={proposal.signatures}
          />
          <SignatureList signatures={proposal.signatures} />
        </Section>

        {proposal.state !== 'VOIDED' && (
          <Section title="Dry-run">
            <DryRunChecks dryRun={proposal.dryRun} />
          </Section>
        )}

        <BlastRadiusSection proposal={proposal} />

        <Divider style={{ marginTop: 16 }} />
        <Box mt={1}>
          <ProposalOutcome proposal={proposal} />
          {proposal.state === 'PENDING' && proposal.required.count > 0 && (
            <ApprovalActions
              proposal={proposal}
              me={me}
              onChanged={onChanged}
            />
          )}
        </Box>
      </InfoCard>
    </div>
  );
}
