/**
 * A user's Backstage token the way the adopter's portal issues it: the
 * OAuth2 proxy in front of Backstage has authenticated the person and
 * forwards the user name; Backstage's oauth2Proxy provider signs them in as
 * the catalog user of that name (ownership from their groups).
 */
export async function proxiedUserToken(
  url: string,
  userName: string,
): Promise<string> {
  const res = await fetch(`${url}/api/auth/oauth2Proxy/refresh`, {
    headers: {
      'x-forwarded-user': userName,
      'x-requested-with': 'XMLHttpRequest',
    },
  });
  if (!res.ok)
    throw new Error(
      `sign-in of ${userName}: HTTP ${res.status} ${await res.text()}`,
    );
  const body = (await res.json()) as {
    backstageIdentity?: { token?: string };
  };
  const token = body.backstageIdentity?.token;
  if (!token) throw new Error(`sign-in of ${userName}: no token`);
  return token;
}
