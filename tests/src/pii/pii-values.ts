/**
 * Generators of realistic, valid PII for the corpus: every value passes the checks a real
 * one would (Luhn, IBAN mod 97, SSN allocation rules, INSEE key, DNI letter, Steuer-ID
 * check digit), computed here independently of packages/pii-redaction. Seeded, so the
 * corpus is the same on every run.
 */

export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class PiiValues {
  readonly #random: () => number;

  constructor(seed: number) {
    this.#random = seededRandom(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.#random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }

  chars(count: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < count; i++) out += alphabet[this.int(0, alphabet.length - 1)];
    return out;
  }

  email(first: string, last: string): string {
    const local = this.pick([
      `${first}.${last}`,
      `${first[0]}${last}${this.int(1, 99)}`,
      `${first}_${last}+${this.pick(['billing', 'news', 'hr'])}`,
      `${last}.${first}${this.int(1950, 2005)}`,
    ]);
    const domain = this.pick([
      'example.com',
      'mail.example.co.uk',
      'acme-corp.io',
      'post.example.de',
      'univ-example.fr',
      'example.org',
    ]);
    return `${local}@${domain}`.toLowerCase();
  }

  phone(): string {
    const area = `${this.int(2, 9)}${this.digits(2)}`;
    const exchange = `${this.int(2, 9)}${this.digits(2)}`;
    const line = this.digits(4);
    const pair = () => this.digits(2);
    return this.pick([
      () => `(${area}) ${exchange}-${line}`,
      () => `${area}-${exchange}-${line}`,
      () => `+1 ${area} ${exchange} ${line}`,
      () => `${area}.${exchange}.${line}`,
      () => `+44 20 7946 ${this.digits(4)}`,
      () => `07700 900${this.digits(3)}`,
      () => `+33 6 ${pair()} ${pair()} ${pair()} ${pair()}`,
      () => `06 ${pair()} ${pair()} ${pair()} ${pair()}`,
      () => `+49 30 ${this.int(1, 9)}${this.digits(6)}`,
      () => `+34 6${this.digits(2)} ${pair()} ${pair()} ${pair()}`,
    ])();
  }

  card(): string {
    const [prefix, length] = this.pick([
      ['4', 16],
      ['51', 16],
      ['55', 16],
      ['2221', 16],
      ['34', 15],
      ['37', 15],
      ['6011', 16],
      ['35', 16],
      ['62', 16],
    ] as const);
    const body = prefix + this.digits(length - prefix.length - 1);
    const number = body + luhnCheckDigit(body);
    if (length === 15) {
      return this.pick([
        number,
        `${number.slice(0, 4)} ${number.slice(4, 10)} ${number.slice(10)}`,
      ]);
    }
    const groups = number.match(/.{4}/g)!;
    return this.pick([number, groups.join(' '), groups.join('-')]);
  }

  iban(): string {
    const [country, bban] = this.pick<() => [string, string]>([
      () => ['DE', this.digits(18)],
      () => ['GB', `${this.chars(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${this.digits(14)}`],
      () => ['NL', `${this.chars(4, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ')}${this.digits(10)}`],
      () => ['ES', this.digits(20)],
      () => ['FR', this.digits(23)],
      () => ['BE', this.digits(12)],
      () => ['CH', this.digits(17)],
    ])();
    const iban = `${country}${ibanCheckDigits(country, bban)}${bban}`;
    return this.int(0, 1) ? iban : iban.replace(/(.{4})/g, '$1 ').trim();
  }

  ssn(): string {
    let area = this.int(1, 899);
    if (area === 666) area = 667;
    return `${String(area).padStart(3, '0')}-${String(this.int(1, 99)).padStart(2, '0')}-${String(this.int(1, 9999)).padStart(4, '0')}`;
  }

  nino(): string {
    const first = this.pick([...'ABCEGHJKLMNOPRSTWXYZ']);
    const second = this.pick([...'ABCEGHJKLMNPRSTWXYZ']);
    const prefix = ['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(first + second)
      ? 'AB'
      : first + second;
    const suffix = this.pick([...'ABCD']);
    const d = this.digits(6);
    return this.int(0, 1)
      ? `${prefix} ${d.slice(0, 2)} ${d.slice(2, 4)} ${d.slice(4)} ${suffix}`
      : `${prefix}${d}${suffix}`;
  }

  insee(): string {
    const base = `${this.int(1, 2)}${this.digits(2)}${String(this.int(1, 12)).padStart(2, '0')}${String(this.int(1, 95)).padStart(2, '0')}${this.digits(3)}${this.digits(3)}`;
    const key = String(97 - Number(BigInt(base) % 97n)).padStart(2, '0');
    const spaced = `${base[0]} ${base.slice(1, 3)} ${base.slice(3, 5)} ${base.slice(5, 7)} ${base.slice(7, 10)} ${base.slice(10, 13)} ${key}`;
    return this.int(0, 1) ? spaced : base + key;
  }

  dni(): string {
    const letters = 'TRWAGMYFPDXBNJZSQVHLCKE';
    if (this.int(0, 2) === 0) {
      const prefix = this.pick(['X', 'Y', 'Z']);
      const number = this.digits(7);
      return `${prefix}${number}${letters[Number(`${'XYZ'.indexOf(prefix)}${number}`) % 23]}`;
    }
    const number = `${this.int(1, 9)}${this.digits(7)}`;
    return `${number}${letters[Number(number) % 23]}`;
  }

  germanTaxId(): string {
    for (;;) {
      const pool = [...'0123456789'];
      const chosen: string[] = [];
      while (chosen.length < 9) chosen.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
      chosen.push(this.pick(chosen));
      for (let i = chosen.length - 1; i > 0; i--) {
        const j = this.int(0, i);
        [chosen[i], chosen[j]] = [chosen[j]!, chosen[i]!];
      }
      if (chosen[0] === '0') continue;
      const first10 = chosen.join('');
      const id = first10 + germanTaxCheckDigit(first10);
      return `${id.slice(0, 2)} ${id.slice(2, 5)} ${id.slice(5, 8)} ${id.slice(8)}`;
    }
  }
}

const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function secretsOf(values: PiiValues) {
  const b62 = (n: number) => values.chars(n, base62);
  const b64url = (n: number) => values.chars(n, `${base62}-_`);
  const jwtPart = (json: object) => Buffer.from(JSON.stringify(json)).toString('base64url');
  return {
    openai: () => `sk-proj-${b62(8)}${values.digits(2)}${b64url(38)}`,
    anthropic: () => `sk-ant-api03-${b64url(60)}${values.digits(2)}AA`,
    alfred: () => `sk-alfred-${b64url(43)}`,
    aws: () => `AKIA${values.chars(16, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')}`,
    github: () => `ghp_${b62(34)}${values.digits(2)}`,
    githubFineGrained: () =>
      `github_pat_11${values.chars(20, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}_${b62(59)}`,
    slack: () => `xoxb-${values.digits(11)}-${values.digits(13)}-${b62(24)}`,
    google: () => `AIza${b64url(35)}`,
    jwt: () =>
      `${jwtPart({ alg: 'HS256', typ: 'JWT' })}.${jwtPart({ sub: values.digits(8), name: b62(8), iat: 1732633200 })}.${b64url(43)}`,
    password: () => `${b62(6)}${values.digits(2)}!${b62(3)}`,
    pemBody: () => Array.from({ length: 4 }, () => `${b62(40)}${values.digits(2)}+/${b62(20)}`),
  };
}

export function luhnCheckDigit(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let digit = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

export function ibanCheckDigits(country: string, bban: string): string {
  const numeric = [...`${bban}${country}00`]
    .map((char) => (/\d/.test(char) ? char : String(char.charCodeAt(0) - 55)))
    .join('');
  return String(98 - Number(BigInt(numeric) % 97n)).padStart(2, '0');
}

export function germanTaxCheckDigit(first10: string): string {
  let product = 10;
  for (const char of first10) {
    let sum = (Number(char) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  return String((11 - product) % 10);
}
