import type { Config } from '@backstage/config';
import express from 'express';

/** The largest JSON body the plugin's routes accept (`awoooi.ingest.bodyLimit`, 5mb by default). */
export function readBodyLimit(config: Config): string | number {
  return (
    config.getOptional<string | number>('awoooi.ingest.bodyLimit') ?? '5mb'
  );
}

/** JSON bodies up to the plugin's body limit, for routes a module mounts on the plugin's router. */
export function awoooiJsonBody(config: Config): express.RequestHandler {
  return express.json({ limit: readBodyLimit(config) });
}
