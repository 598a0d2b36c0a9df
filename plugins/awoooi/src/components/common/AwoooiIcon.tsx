import TrackChangesIcon from '@material-ui/icons/TrackChanges';

/** The plugin's icon in the sidebar and page header. */
export function AwoooiIcon() {
  return <TrackChangesIcon />;
}
