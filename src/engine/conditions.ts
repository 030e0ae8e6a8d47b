import type { CollectedValues } from '../domain/conversation';
import type { ConditionSpec } from '../flowfiles/schema';
import { readPath } from '../flowfiles/interpolate';
import { parseNumber } from '../domain/text';

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseNumber(value);
  return null;
}

/** Values from customers and APIs differ in case and type ("Shipped", 3 vs "3"): compare loosely. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== null && nb !== null) return na === nb;
  return String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();
}

/** Evaluates a branch condition over the collected values. */
export function evaluate(condition: ConditionSpec, values: CollectedValues): boolean {
  if (condition.all) return condition.all.every((c) => evaluate(c, values));
  if (condition.any) return condition.any.some((c) => evaluate(c, values));
  if (condition.not) return !evaluate(condition.not, values);
  const actual = readPath(values, condition.value ?? '');
  const checks: boolean[] = [];
  if (condition.exists !== undefined) checks.push((actual !== undefined && actual !== null && actual !== '') === condition.exists);
  if (condition.equals !== undefined) checks.push(same(actual, condition.equals));
  if (condition.notEquals !== undefined) checks.push(!same(actual, condition.notEquals));
  if (condition.in !== undefined) checks.push(condition.in.some((v) => same(actual, v)));
  if (condition.matches !== undefined) checks.push(new RegExp(condition.matches, 'i').test(String(actual ?? '')));
  const n = asNumber(actual);
  if (condition.gt !== undefined) checks.push(n !== null && n > condition.gt);
  if (condition.gte !== undefined) checks.push(n !== null && n >= condition.gte);
  if (condition.lt !== undefined) checks.push(n !== null && n < condition.lt);
  if (condition.lte !== undefined) checks.push(n !== null && n <= condition.lte);
  // A value with no operator means "is present".
  if (checks.length === 0) return actual !== undefined && actual !== null && actual !== '';
  return checks.every(Boolean);
}
