import type { Locale } from '../domain/locale';
import type { FlowProblem } from '../flowfiles/model';

/**
 * Trying a draft before it is saved (the Flows page's test chat and its "Run the specs" button):
 * the whole bot started on the flows folder with the draft in place of the file, apart from the
 * live bot. Implemented by flowspecs/draftLab.ts (it boots bots); the API only knows this.
 */
export interface DraftTrials {
  /** One customer message to the draft bot of this chat. Throws DraftRefused when the draft does not load. */
  chat(request: DraftChatRequest): Promise<DraftChatTurn>;
  /** Every conversation spec of the flows folder against the draft. Throws DraftRefused when the draft does not load. */
  runSpecs(draft: Draft): Promise<DraftSpecRun>;
  stop(): Promise<void>;
}

export interface Draft {
  /** The file the draft replaces (a flow or nlu/out_of_scope.yaml), relative to the flows folder. */
  file: string;
  text: string;
}

export interface DraftChatRequest extends Draft {
  /** The test chat (one per editor): its customer keeps their conversation while the draft stays the same. */
  chatId: string;
  say?: string;
  /** A button or list row of an earlier reply. */
  press?: { id: string; title: string };
}

export interface DraftChatTurn {
  /** Content hash of the draft folder: when it changes, the chat started again on the new draft. */
  draft: string;
  /** This message started the chat on this draft (a new chat, or the draft changed since the last message). */
  fresh: boolean;
  replies: { type: string; text: string; options: { id: string; title: string }[]; listButton?: string; locale?: Locale }[];
  /** What the bot made of the message: the intent it acted on, with its score, and the best candidates. */
  understood: { intent?: string; confidence?: number; candidates: { intent: string; confidence: number }[] };
  steps: { flowId: string; stepId: string; kind: string; event: string }[];
  /** Values collected so far, and who owns the chat now (bot, or the queue after a handoff). */
  values: Record<string, unknown>;
  owner: string;
  handoff?: { team: string; reason: string };
}

export interface DraftSpecRun {
  passed: number;
  failed: number;
  ms: number;
  specs: {
    name: string;
    file: string;
    line: number;
    ok: boolean;
    /** The spec went through a flow of the draft's file. */
    touchesDraft: boolean;
    failure?: string;
    conversation: string;
  }[];
  /** Spec files that do not validate (their specs did not run). */
  problems: FlowProblem[];
}

/** The draft does not load (the checks' problems), so no bot can run it. */
export class DraftRefused extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(`The draft does not pass the checks (${problems.length} problem${problems.length === 1 ? '' : 's'}); fix them to try it`);
    this.name = 'DraftRefused';
  }
}
