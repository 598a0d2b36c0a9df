export { ApprovalCard } from './ApprovalCard';
export { ProposalList } from './ProposalList';
export { proposalAnchor } from './anchors';
export { checkSigning, awaitingMe } from './signing';
