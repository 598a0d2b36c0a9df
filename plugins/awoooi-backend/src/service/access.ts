import type {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import type { ApproverRole } from '@awoooi/plugin-awoooi-common';
import { RoleMapping, rolesOf } from '@awoooi/plugin-awoooi-node';
import { timingSafeEqual } from 'crypto';
import type { Request } from 'express';

export interface Caller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  userEntityRef: string;
  roles: ApproverRole[];
}

/** Who is calling and what they may do: Backstage identity, permissions and catalog visibility. */
export class Access {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      auth: AuthService;
      catalog: CatalogService;
      roles: RoleMapping;
      ingestSecret?: string;
    },
  ) {}

  /** A signed-in user, with approver roles from their ownership refs (never from the request). */
  async user(req: Request): Promise<Caller> {
    const credentials = await this.deps.httpAuth.credentials(req, {
      allow: ['user'],
    });
    return this.userOf(credentials);
  }

  /**
   * The same for credentials already authenticated (an action's caller).
   * Only people sign or propose: a service principal may read, never act.
   */
  async userOf(credentials: BackstageCredentials): Promise<Caller> {
    if (!this.isUser(credentials)) {
      throw new NotAllowedError(
        'Only a signed-in user may do this; service credentials can read but never sign or propose',
      );
    }
    const info = await this.deps.userInfo.getUserInfo(credentials);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      roles: rolesOf(this.deps.roles, info.ownershipEntityRefs),
    };
  }

  isUser(
    credentials: BackstageCredentials,
  ): credentials is BackstageCredentials<BackstageUserPrincipal> {
    return this.deps.auth.isPrincipal(credentials, 'user');
  }

  async authorize(
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> {
    const credentials = await this.deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    await this.assertAllowed(credentials, permission);
    return credentials;
  }

  /** 403 unless the permission policy allows it for these credentials. */
  async assertAllowed(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<void> {
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  /** 404 unless the caller can read the entity in the catalog. */
  async assertCanReadEntity(
    credentials: BackstageCredentials,
    entityRef: string,
  ) {
    const entity = await this.deps.catalog.getEntityByRef(entityRef, {
      credentials,
    });
    if (!entity)
      throw new NotFoundError(`No entity ${entityRef} visible to you`);
  }

  /** The subset of refs the caller may read in the catalog. */
  async readableRefs(
    credentials: BackstageCredentials,
    refs: string[],
  ): Promise<Set<string>> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return new Set();
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs: unique,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    return new Set(unique.filter((_, i) => items[i]));
  }

  /**
   * Alert senders authenticate with the shared secret (`x-awoooi-token` or
   * `Authorization: Bearer`), or as a Backstage service/user allowed to
   * create alerts.
   */
  async assertAlertSender(req: Request, permission: BasicPermission) {
    const presented = presentedSecret(req);
    if (presented !== undefined) {
      if (
        this.deps.ingestSecret &&
        safeEqual(presented, this.deps.ingestSecret)
      )
        return;
      if (req.header('x-awoooi-token') !== undefined) {
        throw new AuthenticationError('Invalid alert ingest token');
      }
    }
    await this.authorize(req, permission);
  }
}

export function presentedSecret(req: {
  headers: Record<string, unknown>;
}): string | undefined {
  const header = req.headers['x-awoooi-token'];
  if (typeof header === 'string') return header;
  const authorization = req.headers.authorization;
  if (
    typeof authorization === 'string' &&
    authorization.startsWith('Bearer ')
  ) {
    return authorization.slice(7);
  }
  return undefined;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
