import Tooltip from '@material-ui/core/Tooltip';
import { formatRelative, formatTimestamp } from './format';

/** "5 minutes ago" with the exact time on hover. */
export function RelativeTime(props: { iso: string; now?: number }) {
  return (
    <Tooltip title={formatTimestamp(props.iso)}>
      <time dateTime={props.iso}>{formatRelative(props.iso, props.now)}</time>
    </Tooltip>
  );
}
