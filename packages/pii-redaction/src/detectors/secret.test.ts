import { describe, expect, it } from 'vitest';
import { redactPii } from '../find-pii.ts';

describe('API keys and secrets', () => {
  it.each([
    ['OpenAI', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z'],
    ['OpenAI legacy', 'sk-T3BlbkFJ4x9aB2cD3eF4gH5iJ6kL7mN8oP9qR0sT1uV2wX3'],
    ['Anthropic', 'sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe-AbCdEfGh'],
    ['Alfred', 'sk-alfred-q5Yp8wF2LzN1xV7cT0bK3mJ9hG6dS4aRrEeUuIiOoPpA'],
    ['AWS access key id', 'AKIAIOSFODNN7EXAMPLE'],
    ['GitHub classic', 'ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'],
    ['GitHub fine-grained', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['Slack', 'xoxb-2470012345-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx'],
    ['Google', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY'],
    ['Stripe', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc'],
    [
      'JWT',
      'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkphbmUifQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
    ],
  ])('redacts a %s key', (_name, key) => {
    expect(redactPii(`use ${key} please`)).toBe('use [SECRET] please');
  });

  it.each([
    ['Authorization: Bearer abcDEF123456ghiJKL789', 'Authorization: Bearer [SECRET]'],
    ['Authorization: Basic dXNlcjpwYXNzd29yZA==', 'Authorization: Basic [SECRET]'],
    ['password=hunter2x', 'password=[SECRET]'],
    ['DB_PASSWORD="c0rrect horse"', 'DB_PASSWORD="[SECRET] horse"'],
    ['{"api_key": "zyx987abc"}', '{"api_key": "[SECRET]"}'],
    [
      'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'AWS_SECRET_ACCESS_KEY=[SECRET]',
    ],
    ['client_secret: s3cr3t-value', 'client_secret: [SECRET]'],
    ['my password is Tr0ub4dor&3.', 'my password is [SECRET].'],
    // The password and the host also read as an address; the merged span is the secret.
    ['postgres://admin:s3cr3t@db.internal:5432/app', 'postgres://admin:[SECRET]:5432/app'],
  ])('redacts the value in %s', (text, redacted) => {
    expect(redactPii(text)).toBe(redacted);
  });

  it('redacts a PEM private key, also one cut before its END line', () => {
    const key = [
      '-----BEGIN RSA PRIVATE KEY-----',
      'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi',
      'Z1BjP5CE/Wm/Rr500PRK+Lh9x5eJPo5CAZ3/ANBE0sTK',
      '-----END RSA PRIVATE KEY-----',
    ].join('\n');
    expect(redactPii(`key:\n${key}\ndone`)).toBe('key:\n[SECRET]\ndone');
    expect(redactPii(`key: ${key.split('\n').slice(0, 2).join('\\n')}`)).toBe('key: [SECRET]');
  });

  it.each([
    'the password is required',
    'max_tokens: 100',
    'token: 42',
    'password: ********',
    'api_key=${OPENAI_API_KEY}',
    'sk-learn-is-a-python-library',
    'the task-based approach',
    'a public key: ssh-ed25519',
    'Bearer token',
    'desk-0123',
  ])('leaves "%s" alone', (text) => {
    expect(redactPii(text)).toBe(text);
  });
});
