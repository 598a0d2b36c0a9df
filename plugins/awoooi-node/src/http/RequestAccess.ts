import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import type { Request } from 'express';

/**
 * What a route of the plugin (or of one of its modules) checks about its
 * caller: the Backstage permission, and that the caller can read the
 * catalog entity the answer is about.
 */
export class AwoooiRequestAccess {
  constructor(
    protected readonly services: {
      httpAuth: HttpAuthService;
      permissions: PermissionsService;
      catalog: CatalogService;
    },
  ) {}

  /** The caller's credentials (a user or a service), once the permission allows the request. */
  async authorize(
    req: Request,
    permission: BasicPermission,
  ): Promise<BackstageCredentials> {
    const credentials = await this.services.httpAuth.credentials(req, {
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
    const [decision] = await this.services.permissions.authorize(
      [{ permission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`Missing permission ${permission.name}`);
    }
  }

  /** 404 unless the caller can read the entity in the catalog. */
  async assertCanReadEntity(
    credentials: BackstageCredentials,
    entityRef: string,
  ) {
    const entity = await this.services.catalog.getEntityByRef(entityRef, {
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
    const { items } = await this.services.catalog.getEntitiesByRefs(
      {
        entityRefs: unique,
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
    return new Set(unique.filter((_, i) => items[i]));
  }

  /** The items (incidents, proposals, …) whose entity the caller may read, in order. */
  async readableOnly<T extends { entityRef: string }>(
    credentials: BackstageCredentials,
    items: T[],
  ): Promise<T[]> {
    const readable = await this.readableRefs(
      credentials,
      items.map(i => i.entityRef),
    );
    return items.filter(i => readable.has(i.entityRef));
  }
}
