/**
 * Redis key layout of the response caches. Org ids and model names are URI-encoded so
 * that a ':' inside one can never make two scopes share a key.
 *
 *   {prefix}:cache:exact:{org}:{fingerprint}                        answer (string, PX)
 *   {prefix}:cache:semantic:{org}:{model}:{embedder}:entries        stream of vectors
 *   {prefix}:cache:semantic:{org}:{model}:{embedder}:answer:{fp}    answer (string, PX)
 */
export class CacheKeys {
  readonly #prefix: string;

  constructor(prefix = 'alfred') {
    this.#prefix = prefix;
  }

  exact(orgId: string, fingerprint: string): string {
    return `${this.#prefix}:cache:exact:${encodeURIComponent(orgId)}:${fingerprint}`;
  }

  /** Everything of one semantic scope starts with this. */
  semanticScope(orgId: string, model: string, embeddingsModel: string): string {
    const parts = [orgId, model, embeddingsModel].map(encodeURIComponent).join(':');
    return `${this.#prefix}:cache:semantic:${parts}`;
  }

  semanticEntries(scope: string): string {
    return `${scope}:entries`;
  }

  semanticAnswer(scope: string, fingerprint: string): string {
    return `${scope}:answer:${fingerprint}`;
  }
}
