import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { DemoSignInPage } from './DemoSignInPage';

const users = [
  {
    userEntityRef: 'user:default/alice',
    displayName: 'Alice (SRE)',
    roles: ['sre'],
  },
  {
    userEntityRef: 'user:default/carol',
    displayName: 'Carol (CTO)',
    roles: ['cto'],
  },
];

function session(userEntityRef: string) {
  return {
    profile: { displayName: userEntityRef },
    backstageIdentity: {
      token: 'header.eyJleHAiOjQxMDI0NDQ4MDB9.signature',
      identity: {
        type: 'user',
        userEntityRef,
        ownershipEntityRefs: [userEntityRef],
      },
    },
  };
}

const baseConfig = {
  app: { title: 'AWOOOI' },
  backend: { baseUrl: 'http://localhost:7007' },
};

describe('DemoSignInPage', () => {
  const realFetch = global.fetch;
  let fetchMock: jest.Mock;

  beforeEach(() => {
    window.sessionStorage.clear();
    fetchMock = jest.fn(async (_url: string, init: RequestInit) => {
      const ref = new Headers(init.headers).get('x-demo-user') ?? '';
      return {
        ok: true,
        status: 200,
        json: async () => session(ref),
      } as Response;
    });
    global.fetch = fetchMock as typeof fetch;
  });

  afterEach(() => {
    global.fetch = realFetch;
  });

  it('offers the configured users and signs in as the one picked', async () => {
    const onSignInSuccess = jest.fn();
    renderInTestApp(<DemoSignInPage onSignInSuccess={onSignInSuccess} />, {
      config: { ...baseConfig, awoooi: { demo: { users } } },
    });
    expect(await screen.findByText('Carol (CTO)')).toBeInTheDocument();
    expect(screen.getByText('cto')).toBeInTheDocument();

    fireEvent.click(
      screen.getByRole('button', { name: 'Sign in as Alice (SRE)' }),
    );

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toMatch(/\/api\/auth\/demo\/refresh$/);
    expect(new Headers(init.headers).get('x-demo-user')).toBe(
      'user:default/alice',
    );
    expect(window.sessionStorage.getItem('awoooi.demo.user')).toBe(
      'user:default/alice',
    );

    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/alice',
    });
    // signing out is how one switches user: the tab forgets its choice
    await identity.signOut();
    expect(window.sessionStorage.getItem('awoooi.demo.user')).toBeNull();
  });

  it('signs straight in as the user this tab picked before', async () => {
    window.sessionStorage.setItem('awoooi.demo.user', 'user:default/carol');
    const onSignInSuccess = jest.fn();
    renderInTestApp(<DemoSignInPage onSignInSuccess={onSignInSuccess} />, {
      config: { ...baseConfig, awoooi: { demo: { users } } },
    });
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalled());
    expect(
      new Headers(fetchMock.mock.calls[0][1].headers).get('x-demo-user'),
    ).toBe('user:default/carol');
    expect(screen.queryByText('Alice (SRE)')).not.toBeInTheDocument();
  });

  it('ignores a remembered user who is no longer on the list', async () => {
    window.sessionStorage.setItem('awoooi.demo.user', 'user:default/mallory');
    renderInTestApp(<DemoSignInPage onSignInSuccess={jest.fn()} />, {
      config: { ...baseConfig, awoooi: { demo: { users } } },
    });
    expect(await screen.findByText('Alice (SRE)')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows why sign-in failed and lets one pick another user', async () => {
    fetchMock.mockImplementation(async () => ({
      ok: false,
      status: 401,
      statusText: 'Unauthorized',
      url: 'http://localhost:7007/api/auth/demo/refresh',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: {
            name: 'AuthenticationError',
            message: 'user:default/alice is not a demo user',
          },
          response: { statusCode: 401 },
        }),
    }));
    renderInTestApp(<DemoSignInPage onSignInSuccess={jest.fn()} />, {
      config: { ...baseConfig, awoooi: { demo: { users } } },
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Sign in as Alice (SRE)' }),
    );
    expect(
      await screen.findByText(/Could not sign in as user:default\/alice/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/user:default\/alice is not a demo user/).length,
    ).toBeGreaterThan(0);
    fireEvent.click(screen.getByRole('button', { name: 'Pick another user' }));
    expect(await screen.findByText('Carol (CTO)')).toBeInTheDocument();
    expect(window.sessionStorage.getItem('awoooi.demo.user')).toBeNull();
  });

  it('falls back to the guest sign-in page without demo users', async () => {
    renderInTestApp(<DemoSignInPage onSignInSuccess={jest.fn()} />, {
      config: baseConfig,
    });
    expect(await screen.findByText('Guest')).toBeInTheDocument();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
