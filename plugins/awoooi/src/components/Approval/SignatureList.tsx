import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import ThumbUpIcon from '@material-ui/icons/ThumbUp';
import ThumbDownIcon from '@material-ui/icons/ThumbDown';
import {
  describeRequirement,
  roleLabel,
  signatureProgress,
  type Signature,
  type SignatureRequirement,
} from '@awoooi/plugin-awoooi-common';
import { RelativeTime } from '../common/RelativeTime';
import { ActorName } from '../common/ActorName';

/** What the proposal needs, and how far it got: "1 of 2 approvals". */
export function RequiredSignatures(props: {
  required: SignatureRequirement;
  signatures: Signature[];
}) {
  const { required, signatures } = props;
  if (required.count <= 0) {
    return (
      <Typography variant="body2">
        Runs automatically (no signature needed).
      </Typography>
    );
  }
  const progress = signatureProgress(required, signatures);
  const roles = required.roles.map(roleLabel).join(', ');
  const mandatory = required.mandatoryRoles.map(roleLabel).join(' and ');
  return (
    <div>
      <Typography variant="body2">
        Requires <strong>{required.count}</strong>{' '}
        {required.count === 1 ? 'signature' : 'signatures'} · roles: {roles}
        {mandatory && <> · mandatory: {mandatory}</>}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {progress.approvers.length} of {required.count} approvals
        {progress.remaining > 0 ? ` · ${describeRequirement(required)}` : ''}
        {progress.missingRoles.length > 0
          ? ` · still missing ${progress.missingRoles
              .map(roleLabel)
              .join(' and ')}`
          : ''}
      </Typography>
    </div>
  );
}

/** Who signed, as which role, when, and what they said. */
export function SignatureList(props: { signatures: Signature[] }) {
  if (props.signatures.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        Nobody has signed yet.
      </Typography>
    );
  }
  return (
    <List dense disablePadding aria-label="signatures">
      {props.signatures.map(signature => (
        <ListItem key={`${signature.userRef}-${signature.at}`} disableGutters>
          <ListItemIcon style={{ minWidth: 28 }}>
            {signature.decision === 'approve' ? (
              <ThumbUpIcon
                fontSize="small"
                style={{ color: '#2e7d32' }}
                aria-label="approved"
              />
            ) : (
              <ThumbDownIcon
                fontSize="small"
                color="error"
                aria-label="rejected"
              />
            )}
          </ListItemIcon>
          <ListItemText
            primary={
              <>
                <ActorName actor={signature.userRef} /> as{' '}
                {roleLabel(signature.role)} ·{' '}
                {signature.decision === 'approve' ? 'approved' : 'rejected'}{' '}
                <RelativeTime iso={signature.at} />
              </>
            }
            secondary={signature.comment ? `“${signature.comment}”` : undefined}
          />
        </ListItem>
      ))}
    </List>
  );
}
