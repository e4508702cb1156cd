import type { FastifyPluginAsync } from 'fastify';
import type { RouteDependencies } from './route-dependencies.ts';

export const modelsRoute: FastifyPluginAsync<RouteDependencies> = async (app, deps) => {
  app.get('/v1/models', async (request) => {
    const key = await deps.authenticator.authenticate(request.headers.authorization);
    return { object: 'list', data: deps.catalog.list(key) };
  });

  // Model ids may contain slashes (`meta-llama/Llama-3.1-8B`), hence the wildcard.
  app.get('/v1/models/*', async (request) => {
    const key = await deps.authenticator.authenticate(request.headers.authorization);
    const id = (request.params as { '*': string })['*'];
    return deps.catalog.resolve(id, undefined, key).model;
  });
};
