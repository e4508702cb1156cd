import type { z } from 'zod';
import type {
  DeploymentConfig,
  ModelConfig,
  ProviderConfig,
  TeamPolicy,
} from './gateway-config.ts';

/** The gateway config as its fields parse, before the cross-reference checks below. */
interface ParsedGatewayConfig {
  providers: Record<string, ProviderConfig>;
  deployments: DeploymentConfig[];
  models: ModelConfig[];
  teamPolicies: Record<string, TeamPolicy>;
}

type Path = (string | number)[];

/**
 * Every name that points at another part of the config must resolve, so a config that
 * loads (from the file or from NATS) can be routed without a lookup ever failing. Each
 * problem names the exact path of the bad reference.
 */
export function checkGatewayReferences(config: ParsedGatewayConfig, ctx: z.RefinementCtx): void {
  const problem = (path: Path, message: string) => ctx.addIssue({ code: 'custom', path, message });

  const deployments = new Map<string, DeploymentConfig>();
  config.deployments.forEach((d, i) => {
    if (deployments.has(d.id))
      problem(['deployments', i, 'id'], `duplicate deployment id '${d.id}'`);
    deployments.set(d.id, d);
    if (!Object.hasOwn(config.providers, d.provider)) {
      problem(['deployments', i, 'provider'], `unknown provider '${d.provider}'`);
    }
  });

  const models = new Map<string, ModelConfig>();
  config.models.forEach((m, i) => {
    if (models.has(m.name)) problem(['models', i, 'name'], `duplicate model name '${m.name}'`);
    models.set(m.name, m);
  });

  config.models.forEach((m, i) => {
    const seen = new Set<string>();
    m.deployments.forEach((id, j) => {
      const deployment = deployments.get(id);
      if (!deployment) problem(['models', i, 'deployments', j], `unknown deployment '${id}'`);
      else if (seen.has(id))
        problem(['models', i, 'deployments', j], `deployment '${id}' is listed twice`);
      else if (m.routing.strategy === 'cost' && !deployment.price) {
        problem(
          ['models', i, 'deployments', j],
          `cost routing needs a price on deployment '${id}'`,
        );
      }
      seen.add(id);
    });
    const otherModel = (path: Path, name: string): void => {
      const other = models.get(name);
      if (!other) problem(path, `unknown model '${name}'`);
      else if (name === m.name) problem(path, `model '${name}' cannot fall back to itself`);
      else if (other.kind !== m.kind) {
        problem(path, `model '${name}' is of kind ${other.kind}, not ${m.kind}`);
      }
    };
    const fallbacks = new Set<string>();
    m.fallbacks.forEach((name, j) => {
      if (fallbacks.has(name)) problem(['models', i, 'fallbacks', j], `'${name}' is listed twice`);
      fallbacks.add(name);
      otherModel(['models', i, 'fallbacks', j], name);
    });
    const embeddingsModel = m.cache?.semantic.embeddingsModel;
    if (embeddingsModel !== undefined && m.cache?.semantic.mode !== 'off') {
      const path: Path = ['models', i, 'cache', 'semantic', 'embeddingsModel'];
      const embedder = models.get(embeddingsModel);
      if (!embedder) problem(path, `unknown model '${embeddingsModel}'`);
      else if (embedder.kind !== 'embeddings') {
        problem(path, `model '${embeddingsModel}' is of kind ${embedder.kind}, not embeddings`);
      }
    }
    if (m.contextWindowFallback !== undefined) {
      otherModel(['models', i, 'contextWindowFallback'], m.contextWindowFallback);
      if (!m.deployments.some((id) => deployments.get(id)?.contextWindow !== undefined)) {
        problem(
          ['models', i, 'contextWindowFallback'],
          'has no effect: no deployment of this model sets contextWindow',
        );
      }
    }
  });

  const allTags = new Set(config.deployments.flatMap((d) => d.tags));
  const allRegions = new Set(config.deployments.flatMap((d) => (d.region ? [d.region] : [])));
  for (const [team, policy] of Object.entries(config.teamPolicies)) {
    const at = (...rest: Path): Path => ['teamPolicies', team, ...rest];
    policy.deniedDeployments.forEach((id, j) => {
      if (!deployments.has(id)) problem(at('deniedDeployments', j), `unknown deployment '${id}'`);
    });
    // A tag or region no deployment has would shut the team out of everything: a typo.
    policy.requiredTags.forEach((tag, j) => {
      if (!allTags.has(tag)) problem(at('requiredTags', j), `no deployment has the tag '${tag}'`);
    });
    policy.regions?.forEach((region, j) => {
      if (!allRegions.has(region))
        problem(at('regions', j), `no deployment is in region '${region}'`);
    });
  }
}
