import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  // The app reads its config once, on first render, so one render per file.
  it('renders, starting at the demo sign-in picker', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
            awoooi: {
              demo: {
                users: [
                  {
                    userEntityRef: 'user:default/alice',
                    displayName: 'Alice (SRE)',
                    roles: ['sre'],
                  },
                ],
              },
            },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByRole(
        'button',
        { name: 'Sign in as Alice (SRE)' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
  }, 15_000);
});
