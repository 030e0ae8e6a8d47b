import type { Customer } from '../domain/customer';
import type { HandoffRequest, Turn } from './turn';

/** A message that may be the customer's answer to the survey a closed chat ends with. */
export interface SurveyAnswer {
  /** A pressed list row / button id, or the typed text. */
  buttonId?: string;
  text?: string;
  /** The message is a question or command the bot should handle instead. */
  isSomethingElse: boolean;
}

/**
 * All the bot (engine/) knows of the people's side (handoff/): it can hand a conversation
 * over, and it passes on answers to the "How did we do?" survey that people's chats end with.
 * handoff/handoffPortAdapter.ts implements it; runtime/ wires the two together.
 */
export interface HandoffPort {
  /**
   * Queues the conversation for a person and adds the customer's notice (place in the queue,
   * wait, or opening hours) to `turn.replies`. The same causeId never queues twice.
   */
  request(turn: Turn, request: HandoffRequest, causeId: string, now: number, customer?: Customer): Promise<void>;
  /** Whether a pressed button or list row belongs to the survey. */
  isSurveyButton(buttonId: string): boolean;
  /** Takes an answer to an open survey; true when the message needs no other handling. */
  answerSurvey(turn: Turn, answer: SurveyAnswer, now: number): Promise<boolean>;
}
