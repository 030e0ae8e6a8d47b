import { z } from 'zod';

/**
 * The flow file format, documented for ops in docs/FLOWS.md. This one schema drives runtime
 * validation, `npm run flows:check` and the committed editor schema (flows/flow.schema.json).
 */
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-" (e.g. order_status)');

/** A text in one or several languages. A plain string is used for every language. */
export const localizedText = z.union([
  z.string().min(1, 'text must not be empty'),
  z
    .object({ en: z.string().min(1).optional(), bn: z.string().min(1).optional() })
    .strict()
    .refine((t) => t.en !== undefined || t.bn !== undefined, 'give the text in at least one language (en, bn)'),
]);

const handoffSpec = z
  .object({
    reason: z.string().min(1),
    team: id.optional(),
    priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
    text: localizedText.optional(),
  })
  .strict();

/** What pressing a button or choosing a list row does; exactly one of these. */
const action = {
  goto: id.optional(),
  flow: id.optional(),
  handoff: handoffSpec.optional(),
  menu: z.literal(true).optional(),
};
const exactlyOneAction = (v: { goto?: unknown; flow?: unknown; handoff?: unknown; menu?: unknown }) =>
  [v.goto, v.flow, v.handoff, v.menu].filter((x) => x !== undefined).length === 1;
const actionMessage = 'say what it does with exactly one of: goto, flow, handoff, menu';

const button = z
  .object({ id, title: localizedText, ...action })
  .strict()
  .refine(exactlyOneAction, actionMessage);

const listRow = z
  .object({ id, title: localizedText, description: localizedText.optional(), ...action })
  .strict()
  .refine(exactlyOneAction, actionMessage);

const media = z
  .object({
    url: z.string().min(1),
    caption: localizedText.optional(),
    filename: z.string().optional(),
  })
  .strict();

const replyStep = z
  .object({
    text: localizedText.describe('The message, `{ en: …, bn: … }` or one text for every language; `{{value}}` puts in a collected value.'),
    buttons: z.array(button).min(1).max(3, 'WhatsApp allows at most 3 reply buttons; use a list').optional(),
    list: z
      .object({
        button: localizedText,
        rows: z.array(listRow).min(1).max(10, 'WhatsApp lists hold at most 10 rows'),
      })
      .strict()
      .optional(),
    image: media.optional(),
    document: media.optional(),
  })
  .strict()
  .refine((r) => !(r.buttons && r.list), 'a reply has either buttons or a list, not both');

const choice = z
  .object({ id, title: localizedText, synonyms: z.array(z.string().min(1)).optional() })
  .strict();

const validation = z.union([
  z.object({ pattern: z.string().min(1), flags: z.string().regex(/^[imsu]*$/).optional() }).strict(),
  z.object({ number: z.object({ min: z.number().optional(), max: z.number().optional(), integer: z.boolean().optional() }).strict() }).strict(),
  z.object({ choice: z.array(choice).min(2) }).strict(),
  z.object({ text: z.object({ minLength: z.number().int().min(1).optional(), maxLength: z.number().int().optional() }).strict() }).strict(),
  z.object({ email: z.literal(true) }).strict(),
  z.object({ phone: z.literal(true) }).strict(),
]);

const askStep = z
  .object({
    text: localizedText.describe('The question.'),
    save: z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'a value name: letters, digits and "_"').describe('The value name the answer is kept under (`{{name}}` in later texts).'),
    validate: validation.optional(),
    hint: localizedText.optional(),
    attempts: z.number().int().min(1).max(10).optional(),
    /** After `attempts` failed answers: a step to go to, or "handoff" (the default). */
    onFail: z.union([z.literal('handoff'), id]).optional(),
    prefill: z
      .boolean()
      .optional()
      .describe(
        'For a choice: take the answer from the message that started the flow when it names exactly one option ("delivery charge outside Dhaka?"). Leave it off for confirmations, or "cancel my order" would answer "cancel?" by itself.',
      ),
  })
  .strict()
  .refine((a) => !a.prefill || (a.validate !== undefined && 'choice' in a.validate), {
    message: 'prefill is for choice questions: formatted answers (patterns, emails, phones) are always taken from the first message, free text never',
    path: ['prefill'],
  });

/**
 * Asks for the customer's phone number and saves it under `save`, for a lookup by phone. On
 * the WhatsApp Cloud API the question carries WhatsApp's "share contact info" button (the number
 * then comes from WhatsApp itself); elsewhere, or if the customer prefers, a typed number is
 * taken. A customer whose number the bot already knows is not asked: the step saves it and goes on.
 */
const askPhoneStep = z
  .object({
    text: localizedText.describe('The question.'),
    save: z.string().regex(/^[a-z_][a-z0-9_]*$/i, 'a value name: letters, digits and "_"').describe('The value name the number is kept under (`{{name}}` in later texts).'),
    hint: localizedText.optional(),
    attempts: z.number().int().min(1).max(10).optional(),
    /** After `attempts` answers that are not a phone number: a step to go to, or "handoff" (the default). */
    onFail: z.union([z.literal('handoff'), id]).optional(),
  })
  .strict();

type ConditionInput = {
  value?: string; equals?: unknown; notEquals?: unknown; in?: unknown[]; exists?: boolean;
  gt?: number; gte?: number; lt?: number; lte?: number; matches?: string;
  all?: ConditionInput[]; any?: ConditionInput[]; not?: ConditionInput;
};
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const condition: z.ZodType<ConditionInput> = z.lazy(() =>
  z
    .object({
      value: z.string().min(1).optional(),
      equals: scalar.optional(),
      notEquals: scalar.optional(),
      in: z.array(scalar).optional(),
      exists: z.boolean().optional(),
      gt: z.number().optional(),
      gte: z.number().optional(),
      lt: z.number().optional(),
      lte: z.number().optional(),
      matches: z.string().optional(),
      all: z.array(condition).optional(),
      any: z.array(condition).optional(),
      not: condition.optional(),
    })
    .strict()
    .refine((c) => (c.all || c.any || c.not ? c.value === undefined : c.value !== undefined), {
      message: 'a condition tests a `value` with one operator, or combines others with all / any / not',
    }),
);

const branchStep = z
  .object({
    cases: z.array(z.object({ when: condition, goto: id }).strict()).min(1),
    otherwise: id,
  })
  .strict();

const lookupStep = z
  .object({
    url: z.string().min(1),
    method: z.enum(['GET', 'POST']).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    timeoutMs: z.number().int().min(100).max(60000).optional(),
    save: z.string().regex(/^[a-z_][a-z0-9_]*$/i),
    onError: id,
    onNotFound: id.optional(),
  })
  .strict();

const endStep = z.object({ text: localizedText.optional() }).strict();
const menuStep = z.object({ text: localizedText }).strict();

/** What a step can do; each kind has its executor in engine/steps/ (docs/FLOWS.md describes them). */
export const STEP_KINDS = ['reply', 'ask', 'branch', 'lookup', 'handoff', 'end', 'menu', 'ask_phone'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
const stepKinds = STEP_KINDS;
export const step = z
  .object({
    id: id.describe('The step\'s name, unique in this flow; buttons and branches go to it with `goto`.'),
    next: id.optional().describe('The step after this one (default: the next in the list).'),
    reply: replyStep.optional().describe('Send a message: text, and buttons (at most 3) or a list (at most 10 rows), an image or a document.'),
    ask: askStep.optional().describe('Ask a question and wait for the answer; `save` keeps it as a value, `validate` checks it.'),
    branch: branchStep.optional().describe('Go to a step depending on a collected value (`cases`, then `otherwise`).'),
    lookup: lookupStep.optional().describe('Fetch data over HTTP (an order\'s status) and save it as a value.'),
    handoff: handoffSpec.optional().describe('Hand the chat to a person of a team; the bot stays silent from then on.'),
    end: endStep.optional().describe('End the conversation, with an optional last text.'),
    menu: menuStep.optional().describe('Show the main menu (the flows that have `menu:`).'),
    ask_phone: askPhoneStep.optional().describe('Ask for the customer\'s phone number (WhatsApp\'s share-contact button on the Cloud API, a typed number elsewhere) and save it; skipped when the number is known.'),
  })
  .strict()
  .refine((s) => stepKinds.filter((k) => s[k] !== undefined).length === 1, {
    message: `a step does exactly one thing: ${stepKinds.join(', ')}`,
  });

const examples = z
  .object({ en: z.array(z.string().min(1)).optional(), bn: z.array(z.string().min(1)).optional() })
  .strict();

/**
 * Words and short phrases that mean the same to this shop's customers, in any language or
 * spelling: ["parcel", "package", "পার্সেল"]. Every group applies to all flows.
 */
const synonymGroup = z
  .array(z.string().min(1, 'a synonym must not be empty'))
  .min(2, 'a synonym group needs at least two words or phrases that mean the same');

export const flowFile = z
  .object({
    id: id.describe('The flow\'s name, unique across flow files; buttons start it with `flow:`.'),
    title: localizedText.describe('What customers see in the main menu and in "Did you mean…" questions.'),
    description: z.string().optional().describe('A note for ops: what this flow is for. Customers never see it.'),
    locales: z.array(z.enum(['en', 'bn'])).min(1).optional().describe('The languages every text must have (flows:check reports a missing translation).'),
    /** Show this flow in the main menu, in this order (lower first). */
    menu: z.number().int().min(0).optional().describe('Show this flow in the main menu, in this order (lower first).'),
    triggers: z
      .array(
        z
          .object({
            intent: id.describe('The intent customers\' questions are matched to; one flow claims each intent.'),
            examples: examples.describe('How customers ask, in English (`en`) and in Bengali or Banglish (`bn`): the more everyday phrasings, the better the bot understands.'),
            /** Dialogflow intent display names or actions that mean this intent (NLU=dialogflow). */
            dialogflow: z.array(z.string().min(1)).optional(),
            /**
             * Greetings, thanks and the like: when a message also asks for something else
             * ("hi, where is my order?"), that other intent wins.
             */
            smallTalk: z.boolean().optional(),
          })
          .strict(),
      )
      .optional(),
    synonyms: z.array(synonymGroup).optional().describe('Groups of words that mean the same to customers, in any language or spelling; they apply to all flows.'),
    steps: z.array(step).min(1).describe('What the bot does, in order from the first step.'),
  })
  .strict();

export type FlowFileInput = z.infer<typeof flowFile>;
export type StepInput = z.infer<typeof step>;
export type LocalizedTextInput = z.infer<typeof localizedText>;
export type ConditionSpec = ConditionInput;
export type HandoffSpec = z.infer<typeof handoffSpec>;
export type ButtonInput = z.infer<typeof button>;
export type ListRowInput = z.infer<typeof listRow>;
export type ValidationInput = z.infer<typeof validation>;

/** The one kind a valid step has (the schema allows exactly one). */
export function stepKindOf(step: StepInput): StepKind {
  const kind = STEP_KINDS.find((k) => step[k] !== undefined);
  if (!kind) throw new Error(`step ${step.id} does nothing`);
  return kind;
}
