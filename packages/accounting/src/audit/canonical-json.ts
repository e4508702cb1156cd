export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * JSON with object keys sorted (by UTF-16 code units) at every depth and no whitespace:
 * the same value always gives the same bytes, whatever order its keys were built or stored
 * in (PostgreSQL's jsonb reorders them). Members that are `undefined` are left out, as
 * jsonb would; what JSON cannot carry faithfully (NaN, Infinity, bigint, …) is refused.
 */
export function canonicalJson(value: JsonValue): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot encode ${value} in canonical JSON`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
      let encoded = '';
      for (const key of Object.keys(value).sort()) {
        const member = value[key];
        if (member === undefined) continue;
        encoded += `${encoded ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
      }
      return `{${encoded}}`;
    }
    default:
      throw new TypeError(`cannot encode a ${typeof value} in canonical JSON`);
  }
}
