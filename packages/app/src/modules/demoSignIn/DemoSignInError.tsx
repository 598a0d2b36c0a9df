import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { Content, Page, ResponseErrorPanel } from '@backstage/core-components';

/** Why signing in as the picked user failed, with a way back to the picker. */
export function DemoSignInError(props: {
  userEntityRef: string;
  error?: Error;
  onPickAnother: () => void;
}) {
  return (
    <Page themeId="home">
      <Content>
        <ResponseErrorPanel
          title={`Could not sign in as ${props.userEntityRef}`}
          error={props.error ?? new Error('The demo sign-in failed.')}
        />
        <Box mt={2}>
          <Button
            variant="contained"
            color="primary"
            onClick={props.onPickAnother}
          >
            Pick another user
          </Button>
        </Box>
      </Content>
    </Page>
  );
}
