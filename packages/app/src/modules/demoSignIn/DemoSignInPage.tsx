import { Suspense, useCallback, useMemo, useState } from 'react';
import {
  Progress,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { DemoSignInError } from './DemoSignInError';
import { DemoUserPicker } from './DemoUserPicker';
import {
  forgetChoice,
  forgetChoiceOnSignOut,
  readDemoUsers,
  rememberChoice,
  rememberedChoice,
} from './demoUsers';

/**
 * Sign-in for demos: pick one of the users in `awoooi.demo.users`, then sign in
 * through the backend's `demo` proxy provider as that user. Without that
 * config it is the ordinary guest sign-in page.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const users = useMemo(() => readDemoUsers(config), [config]);
  const [chosen, setChosen] = useState(() =>
    users ? rememberedChoice(users) : undefined,
  );

  const pickAnother = useCallback(() => {
    forgetChoice();
    setChosen(undefined);
  }, []);
  // A stable component per chosen user, so a re-render does not remount it.
  const ErrorComponent = useMemo(
    () => (errorProps: { error?: Error }) =>
      (
        <DemoSignInError
          userEntityRef={chosen ?? ''}
          error={errorProps.error}
          onPickAnother={pickAnother}
        />
      ),
    [chosen, pickAnother],
  );

  // The pages below load their translations lazily; keep that suspense local.
  if (!users) {
    return (
      <Suspense fallback={<Progress />}>
        <SignInPage {...props} providers={['guest']} />
      </Suspense>
    );
  }
  if (!chosen) {
    return (
      <DemoUserPicker
        users={users}
        onPick={ref => {
          rememberChoice(ref);
          setChosen(ref);
        }}
      />
    );
  }
  return (
    <Suspense fallback={<Progress />}>
      <ProxiedSignInPage
        provider="demo"
        headers={{ 'x-demo-user': chosen }}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetChoiceOnSignOut(identity))
        }
        ErrorComponent={ErrorComponent}
      />
    </Suspense>
  );
}
