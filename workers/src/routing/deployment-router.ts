import { gatewayErrors, type GatewayConfig } from '@alfred/contracts';
import type { UpstreamTarget } from '../providers/connector.ts';

/**
 * Which deployments serve a client-facing model name, in order of preference, with
 * their provider settings and resolved credentials.
 */
export class DeploymentRouter {
  readonly #targets = new Map<string, UpstreamTarget[]>();

  constructor(config: GatewayConfig, env: NodeJS.ProcessEnv = process.env) {
    const deployments = new Map(config.deployments.map((d) => [d.id, d]));
    for (const model of config.models) {
      this.#targets.set(
        model.name,
        model.deployments.map((id) => {
          const deployment = deployments.get(id)!;
          const provider = config.providers[deployment.provider]!;
          return {
            provider,
            deployment,
            apiKey: provider.apiKeyEnv ? env[provider.apiKeyEnv] : undefined,
          };
        }),
      );
    }
  }

  targetsFor(model: string): UpstreamTarget[] {
    const targets = this.#targets.get(model);
    if (!targets) throw gatewayErrors.modelNotFound(model);
    return targets;
  }
}
