import type { ChannelName } from '../domain/message';
import type { Locale } from '../domain/locale';

/** What a manager asked for: a period [from, to) in epoch ms and optional cuts. */
export interface ReportQuery {
  from: number;
  to: number;
  /** IANA zone of the business (config.handoff.timezone): hours, weekdays and days are local. */
  timeZone: string;
  team?: string;
  agentId?: string;
  channel?: ChannelName;
  locale?: Locale;
  /** A closed handoff counts as resolved at first contact when the customer needs no other within this many days. */
  fcrDays: number;
}

/** Durations in seconds; every figure is null when there is no sample. */
export interface DurationStats {
  count: number;
  averageSeconds: number | null;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

/** A share: `count` of `total`, `rate` = count / total (4 decimals), null when total is 0 or not defined. */
export interface Share {
  count: number;
  total: number;
  rate: number | null;
}

export interface CsatSummary {
  average: number | null;
  /** Rated handoffs among those asked. */
  responses: number;
  /** Closed handoffs not returned to the bot: every one of them was asked "How did we do?". */
  asked: number;
  responseRate: number | null;
  /** Count per score, "1".."5". */
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface FcrSummary extends Share {
  days: number;
  /** Counted as resolved, but their N-day window has not ended yet: the figure can still drop. */
  provisional: number;
}

export interface CountBy<K extends string> {
  key: K | string;
  conversations: number;
}

export interface DailyPoint {
  /** YYYY-MM-DD in the business time zone. */
  date: string;
  /** Conversations started that day. */
  conversations: number;
  /** Of those, the ones handed to people at least once. */
  handedOff: number;
  /** Average CSAT of the handoffs queued that day that were rated; null when none. */
  csatAverage: number | null;
}

export interface BreakdownRow {
  handoffs: number;
  medianTimeToHumanSeconds: number | null;
  medianHandleTimeSeconds: number | null;
  csatAverage: number | null;
  csatResponses: number;
  slaBreaches: number;
}

export interface TeamRow extends BreakdownRow {
  team: string;
}

export interface AgentRow extends BreakdownRow {
  agentId: string;
  name: string;
}

export interface LowRatedChat {
  handoffId: string;
  score: number;
  comment?: string;
  agentId?: string;
  agentName?: string;
  team: string;
  /** ISO 8601. */
  closedAt?: string;
}

export interface ReportSummary {
  period: { from: string; to: string; timeZone: string; days: number };
  filters: { team?: string; agent?: string; channel?: string; language?: string };
  totals: { conversations: number; handoffs: number; closedHandoffs: number };
  firstResponse: { bot: DurationStats; human: DurationStats };
  timeToHuman: DurationStats;
  handleTime: DurationStats;
  resolutionTime: DurationStats;
  /** Conversations never handed off / all conversations; null when cut by team or agent (0 by construction there). */
  containment: Share;
  firstContactResolution: FcrSummary;
  csat: CsatSummary;
  slaBreaches: Share;
  /** Customer messages the bot could not match / all customer messages. */
  unansweredRate: Share;
  volume: {
    byHour: { hour: number; conversations: number }[];
    byWeekday: { weekday: string; conversations: number }[];
    byIntent: { intent: string; conversations: number }[];
    byLanguage: { language: string; conversations: number }[];
    byChannel: { channel: string; conversations: number }[];
  };
  daily: DailyPoint[];
  teams: TeamRow[];
  agents: AgentRow[];
  lowestRated: LowRatedChat[];
  /** Plain-language caveats about this report (what a figure does not cover). */
  notes: string[];
}
