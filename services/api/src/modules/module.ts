import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { TSchema } from 'typebox';
import type { Config } from '../config.js';
import type { Worker } from '../periodic.js';

export interface ModuleOptions {
  config: Config;
}

/** An OpenAPI tag a module owns: its routes are listed under it in the contract. */
export interface ModuleTag {
  name: string;
  description: string;
}

/**
 * A module's one declaration of itself: the app registers its schemas and routes, the contract
 * lists its tags, and every API instance starts its workers. `modules/index.ts` lists them all.
 */
export interface ThreefoldModule {
  name: string;
  tags: ModuleTag[];
  /** Schemas with an `$id`: shared with Ajv and published as OpenAPI components. */
  schemas: TSchema[];
  routes: FastifyPluginAsync<ModuleOptions>;
  workers?: ((app: FastifyInstance) => Worker | Promise<Worker>)[];
}

export const defineModule = (module: ThreefoldModule): ThreefoldModule => module;
