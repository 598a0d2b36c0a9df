import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { Content, Header, Page } from '@backstage/core-components';
import type { DemoUser } from './demoUsers';

/** A card per demo user; picking one signs in as them. */
export function DemoUserPicker(props: {
  users: DemoUser[];
  onPick: (ref: string) => void;
}) {
  return (
    <Page themeId="home">
      <Header
        title="Sign in"
        subtitle="Demo: pick who you are in this browser tab"
      />
      <Content>
        <Typography variant="body1" paragraph>
          Each tab remembers its own choice, so two windows can be two
          approvers. Sign out to switch user.
        </Typography>
        <Grid
          container
          spacing={3}
          component="ul"
          style={{ listStyle: 'none', padding: 0 }}
        >
          {props.users.map(user => (
            <Grid
              item
              xs={12}
              sm={6}
              md={4}
              key={user.userEntityRef}
              component="li"
            >
              <Card variant="outlined">
                <CardContent>
                  <Typography variant="h6" component="h2">
                    {user.displayName}
                  </Typography>
                  <Typography
                    variant="body2"
                    color="textSecondary"
                    gutterBottom
                  >
                    {user.userEntityRef}
                  </Typography>
                  {user.roles.length === 0 ? (
                    <Typography variant="caption" color="textSecondary">
                      no approver role
                    </Typography>
                  ) : (
                    user.roles.map(role => (
                      <Chip
                        key={role}
                        size="small"
                        label={role}
                        style={{ marginRight: 4 }}
                      />
                    ))
                  )}
                </CardContent>
                <CardActions>
                  <Button
                    color="primary"
                    variant="contained"
                    onClick={() => props.onPick(user.userEntityRef)}
                  >
                    Sign in as {user.displayName}
                  </Button>
                </CardActions>
              </Card>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
