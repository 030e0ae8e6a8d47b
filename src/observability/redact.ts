import { maskSecrets } from '../domain/secrets';

/**
 * Personal data must not reach log files outside debug level: phone numbers and what
 * customers or agents wrote. Redaction lives in the logger so no caller can forget it.
 */
const SENSITIVE_KEYS = new Set([
  'from', 'to', 'phone', 'address', 'wa_id', 'waId', 'recipient_id', 'text', 'body', 'caption',
  'profileName', 'password', 'token', 'accessToken', 'authorization', 'email', 'comment',
  'values', 'content',
  // WhatsApp usernames and business-scoped user ids name a person as much as a number does.
  'username', 'identifiers', 'identity', 'statedPhone', 'recipient', 'user_id', 'from_user_id', 'parent_user_id', 'recipient_user_id',
]);

// Seven or more digits, optionally with a leading '+' and separators: looks like a phone number.
// Not inside a longer token: a uuid's "2-7971-4" is part of an id that logs must keep whole.
const PHONE_PATTERN = /(?<![\w-])\+?\d[\d\s-]{6,}\d(?![\w-])/g;

export const REDACTED = '[redacted]';

export function redactString(value: string): string {
  return value.replace(PHONE_PATTERN, REDACTED);
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return REDACTED;
  if (typeof value === 'string') return redactString(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redactString(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SENSITIVE_KEYS.has(key) ? REDACTED : redactValue(inner, depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * Secrets a customer typed (a PIN, a one-time code, a card number, a password) are masked in
 * every log line, at every level: unlike phone numbers, even a debug log must not hold them.
 */
export function maskSecretsIn(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskSecrets(value).text;
  if (depth > 6 || !value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskSecretsIn(item, depth + 1));
  if (value instanceof Error) return { name: value.name, message: maskSecrets(value.message).text };
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[key] = maskSecretsIn(inner, depth + 1);
  return out;
}
