import type {
  AuthService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import type { ApproverRole } from '@awoooi/plugin-awoooi-common';
import {
  AwoooiRequestAccess,
  presentedSecret,
  RoleMapping,
  rolesOf,
  safeEqual,
} from '@awoooi/plugin-awoooi-node';
import type { Request } from 'express';
import type { RequiredConfig, RequiredKey } from './requiredConfig';

export interface Caller {
  credentials: BackstageCredentials<BackstageUserPrincipal>;
  userEntityRef: string;
  roles: ApproverRole[];
}

/** Who is calling and what they may do: Backstage identity, permissions and catalog visibility. */
export class Access extends AwoooiRequestAccess {
  constructor(
    private readonly deps: {
      httpAuth: HttpAuthService;
      userInfo: UserInfoService;
      permissions: PermissionsService;
      auth: AuthService;
      catalog: CatalogService;
      roles: RoleMapping;
      /** Configuration routes need; everything is taken as present when absent. */
      required?: RequiredConfig;
      ingestSecret?: string;
      /** Service subjects that may send alerts; any service principal when unset. */
      ingestServices?: string[];
    },
  ) {
    super(deps);
  }

  /** 503 with the reason when configuration the route needs is missing. */
  requireConfig(...keys: RequiredKey[]) {
    this.deps.required?.assert(...keys);
  }

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

  /** The person acting (see userOf), once the policy grants them `permission`. */
  async allowedUser(
    credentials: BackstageCredentials,
    permission: BasicPermission,
  ): Promise<Caller> {
    await this.assertAllowed(credentials, permission);
    return this.userOf(credentials);
  }

  isUser(
    credentials: BackstageCredentials,
  ): credentials is BackstageCredentials<BackstageUserPrincipal> {
    return this.deps.auth.isPrincipal(credentials, 'user');
  }

  /**
   * Only alert senders send alerts: the shared secret (`x-awoooi-token` or
   * `Authorization: Bearer`) or a Backstage service principal (a plugin, or
   * an external-access token), limited to `awoooi.ingest.allowedServices`
   * when that is set. A person is never an alert sender, whatever the
   * permission policy says: with an alert's fingerprint anyone could close
   * a real outage.
   */
  async assertAlertSender(req: Request, permission: BasicPermission) {
    if (this.presentsIngestSecret(req)) return;
    const credentials = await this.senderCredentials(req);
    const [decision] = await this.deps.permissions.authorize([{ permission }], {
      credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  /** True for the configured secret; a wrong `x-awoooi-token` is a 401 (503 with no secret). */
  private presentsIngestSecret(req: Request): boolean {
    const presented = presentedSecret(req);
    const secret = this.deps.ingestSecret;
    if (presented !== undefined && secret && safeEqual(presented, secret))
      return true;
    if (req.header('x-awoooi-token') !== undefined) {
      this.requireConfig('ingestSecret');
      throw new AuthenticationError('Invalid alert ingest token');
    }
    return false;
  }

  private async senderCredentials(
    req: Request,
  ): Promise<BackstageCredentials<BackstageServicePrincipal>> {
    let credentials: BackstageCredentials;
    try {
      credentials = await this.deps.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
    } catch (error) {
      // A bearer that is no Backstage token may be a secret we cannot check.
      if (AuthenticationError.is(error) && presentedSecret(req) !== undefined)
        this.requireConfig('ingestSecret');
      throw error;
    }
    if (!this.deps.auth.isPrincipal(credentials, 'service')) {
      throw new NotAllowedError(
        'Alerts are accepted from alert senders only (the ingest secret or a Backstage service token), not from a person',
      );
    }
    const allowed = this.deps.ingestServices;
    if (allowed && !allowed.includes(credentials.principal.subject)) {
      throw new NotAllowedError(
        `Service '${credentials.principal.subject}' is not in awoooi.ingest.allowedServices`,
      );
    }
    return credentials;
  }
}
