import type { Locale } from '../domain/locale';

/** Example phrases of one intent, per language, taken from the flow files. */
export interface IntentExamples {
  intent: string;
  examples: Partial<Record<Locale, string[]>>;
  /** Names a cloud NLU uses for this intent (Dialogflow display names or actions). */
  aliases?: string[];
  /** Greetings and thanks: any other intent the same message matches comes first. */
  smallTalk?: boolean;
}

/** What an NLU learns from besides the intents' examples. */
export interface TrainingExtras {
  /** Groups of words and phrases that mean the same ("parcel", "package", "পার্সেল"). */
  synonyms?: string[][];
  /** Messages that are none of the intents: chatter, other businesses, noise. */
  outOfScope?: string[];
  /** Names of other businesses and offices ("Grameenphone", "Union Bank", "passport office"). */
  otherBusinesses?: string[];
}

export type Script = 'bengali' | 'latin' | 'other' | 'none';

export interface NluRequest {
  text: string;
  /** Dialogflow session; the local matcher ignores it. */
  conversationId: string;
  /** The conversation's language so far, used when the message itself does not tell. */
  previousLocale?: Locale;
}

export interface IntentScore {
  intent: string;
  confidence: number;
}

export interface NluResult {
  /** The best intent at or above the threshold; null when nothing matched well enough. */
  intent: string | null;
  /** Confidence of the best candidate, 0..1, even when below the threshold. */
  confidence: number;
  /** Language of this message (Banglish counts as bn). */
  locale: Locale;
  script: Script;
  /** Best candidates first. */
  candidates: IntentScore[];
  /** Values the NLU extracted (Dialogflow parameters). */
  parameters: Record<string, unknown>;
  /** -1 (angry) .. 1 (happy), when known. */
  sentiment?: number;
  /**
   * Two intents close enough that the bot should ask which one the customer meant ("Did you
   * mean…"), best first; or one it offers instead of acting on a doubtful reading (a request for a
   * person in a message the model takes for chatter). `intent` is null then.
   */
  didYouMean?: string[];
  /** The customer asks for a person (the local detector, or Dialogflow's live-agent handoff). */
  handoffRequested?: boolean;
  /** Text to send when no flow claims the intent (Dialogflow fulfillment). */
  fulfillmentText?: string;
  source: string;
}

/** The NLU port. Adapters: local/ (default and fallback), dialogflow/. */
export interface Nlu {
  readonly kind: string;
  /** Replaces what the NLU knows; called at start and on every flow reload. */
  train(intents: IntentExamples[], extras?: TrainingExtras): void;
  /**
   * The same on a flow reload, without holding up the process while it learns: what it knew
   * keeps answering until the promise resolves. Adapters that learn instantly may leave it out.
   */
  retrain?(intents: IntentExamples[], extras?: TrainingExtras): Promise<void>;
  detect(request: NluRequest): Promise<NluResult>;
  ping(): Promise<void>;
}
