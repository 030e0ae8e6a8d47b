import type { CollectedValues } from '../domain/conversation';
import { fixedPrefix, interpolateUrl } from '../flowfiles/interpolate';
import { linkProblem } from '../network/outboundPolicy';

export type LookupUrl = { url: URL } | { problem: string };

/**
 * The URL a lookup step calls: its template filled with the conversation's values, resolved
 * against the bot's own address when relative. Customer values may fill in a path segment or a
 * query value, never move the call elsewhere: the result must keep the template's origin and the
 * path up to the first placeholder, and follow the link rule (https:, or http: for a host
 * OUTBOUND_HTTP_HOSTS names).
 */
export function lookupUrl(template: string, values: CollectedValues, baseUrl: string, httpHosts: readonly string[]): LookupUrl {
  const filled = interpolateUrl(template, values);
  if ('refused' in filled) return { problem: `the value of {{${filled.refused}}} is empty or only dots` };
  let url: URL;
  let fixed: URL;
  try {
    url = new URL(filled.url, baseUrl + '/');
    fixed = new URL(fixedPrefix(template), baseUrl + '/');
  } catch {
    return { problem: 'the URL is not valid (a placeholder may fill a path segment or a query value, not the host)' };
  }
  if (url.origin !== fixed.origin || !url.href.startsWith(fixed.href)) return { problem: 'a value moved the URL outside its template' };
  const problem = linkProblem(url, httpHosts);
  return problem ? { problem } : { url };
}
