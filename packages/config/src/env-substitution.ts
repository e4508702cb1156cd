/**
 * `${NAME}` and `${NAME:-default}` in string values are replaced from the environment,
 * so one file serves every machine (ports, hosts) without putting secrets in it.
 */
const reference = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function substituteEnv(
  value: string,
  env: NodeJS.ProcessEnv,
  onMissing: (name: string) => void,
): string {
  return value.replace(reference, (_match, name: string, fallback: string | undefined) => {
    const found = env[name];
    if (found !== undefined && found !== '') return found;
    if (fallback !== undefined) return fallback;
    onMissing(name);
    return '';
  });
}
