import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { AuthenticationError } from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
  createProxyAuthenticator,
} from '@backstage/plugin-auth-node';

/**
 * Demo-only sign-in: the browser names a demo user in the `x-demo-user`
 * header and is signed in as that catalog user. Only refs listed in
 * `awoooi.demo.users` are accepted, and the provider exists only when
 * `auth.providers.demo` is configured (app-config.demo.yaml does that).
 * It lets one person try multi-sig approval in two browser windows.
 */
export const demoSignInModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'awoooi-demo-sign-in',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        if (!config.has('auth.providers.demo')) return;
        const allowed = new Set(
          (config.getOptionalConfigArray('awoooi.demo.users') ?? []).map(u =>
            u.getString('userEntityRef').toLocaleLowerCase('en-US'),
          ),
        );
        logger.warn(
          `Demo sign-in is enabled for ${allowed.size} demo users; never enable it in production`,
        );
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async (result: { ref: string }) => ({
                profile: { displayName: result.ref },
              }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const ref = req
                  .header('x-demo-user')
                  ?.toLocaleLowerCase('en-US');
                if (!ref || !allowed.has(ref)) {
                  throw new AuthenticationError(
                    'Unknown demo user; pick one listed in awoooi.demo.users',
                  );
                }
                return { result: { ref } };
              },
            }),
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.ref }),
          }),
        });
      },
    });
  },
});
