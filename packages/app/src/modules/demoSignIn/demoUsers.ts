import type { ConfigApi, IdentityApi } from '@backstage/core-plugin-api';

/** One person the demo sign-in page offers (`awoooi.demo.users[]`). */
export interface DemoUser {
  userEntityRef: string;
  displayName: string;
  roles: string[];
}

/** The configured demo users, or undefined when the demo sign-in is off. */
export function readDemoUsers(config: ConfigApi): DemoUser[] | undefined {
  const entries = config.getOptionalConfigArray('awoooi.demo.users');
  if (!entries || entries.length === 0) return undefined;
  return entries.map(entry => {
    const userEntityRef = entry.getString('userEntityRef');
    return {
      userEntityRef,
      displayName: entry.getOptionalString('displayName') ?? userEntityRef,
      roles: entry.getOptionalStringArray('roles') ?? [],
    };
  });
}

// Per browser tab, so two windows can be signed in as two different people.
const STORAGE_KEY = 'awoooi.demo.user';

/** The user picked earlier in this tab, if they are still on the list. */
export function rememberedChoice(users: DemoUser[]): string | undefined {
  const ref = window.sessionStorage.getItem(STORAGE_KEY);
  return users.some(u => u.userEntityRef === ref)
    ? ref ?? undefined
    : undefined;
}

export function rememberChoice(userEntityRef: string): void {
  window.sessionStorage.setItem(STORAGE_KEY, userEntityRef);
}

export function forgetChoice(): void {
  window.sessionStorage.removeItem(STORAGE_KEY);
}

type LegacyIdentity = IdentityApi &
  Partial<
    Record<
      'getUserId' | 'getIdToken' | 'getProfile',
      (...args: unknown[]) => unknown
    >
  >;

/**
 * The identity with a sign-out that also forgets the picked user, so signing
 * out is how one switches user.
 */
export function forgetChoiceOnSignOut(identity: IdentityApi): IdentityApi {
  const inner = identity as LegacyIdentity;
  const wrapped: LegacyIdentity = {
    getProfileInfo: () => inner.getProfileInfo(),
    getBackstageIdentity: () => inner.getBackstageIdentity(),
    getCredentials: () => inner.getCredentials(),
    signOut: async () => {
      forgetChoice();
      await inner.signOut();
    },
  };
  // Older callers still use these; pass them through when the identity has them.
  for (const name of ['getUserId', 'getIdToken', 'getProfile'] as const) {
    const method = inner[name];
    if (typeof method === 'function') wrapped[name] = method.bind(inner);
  }
  return wrapped;
}
