/** In-page anchor of a proposal's card, e.g. `#proposal-prop-1`. */
export function proposalAnchor(proposalId: string): string {
  return `#proposal-${encodeURIComponent(proposalId)}`;
}
