import { z } from 'zod';

/**
 * Conversation specs: `flows/tests/*.yaml`, documented in docs/FLOWS.md ("Testing flows with
 * conversation specs"). A spec is a short chat a customer could have, written as the messages
 * they send (`say`) or the buttons they tap (`press`), each followed by what the bot's answer
 * must look like (`expect`). `npm run flows:test` plays every spec against the whole bot.
 */

/** Customers type numbers as text: `say: 204518` is the text "204518", not an error. */
const text = z.union([z.string().min(1, 'must not be empty'), z.number()]).transform(String);
const texts = z.union([text, z.array(text).min(1, 'give at least one text')]).transform((v) => (Array.isArray(v) ? v : [v]));

const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "_" or "-" (e.g. delivery)');

const regex = z.string().min(1).superRefine((source, ctx) => {
  try {
    new RegExp(source, 'iu');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

export const specExpectation = z
  .object({
    /** Every text must appear in the bot's replies to this message (joined, any case). */
    contains: texts.optional(),
    /** None of these may appear. */
    notContains: texts.optional(),
    /** A regular expression the joined replies must match (any case). */
    matches: regex.optional(),
    /** The exact titles of the buttons / list rows offered, in order. `[]`: none offered. */
    buttons: z.array(text).optional(),
    /** Titles that must be among the buttons / list rows offered, in any order. */
    offers: z.array(text).min(1, 'list at least one title').optional(),
    /** The bot sends nothing back (for example while the chat waits for a person). */
    noReply: z.literal(true, { message: 'noReply can only be true; leave it out otherwise' }).optional(),
    /** true: the chat is now with the people's queue; false: the bot still owns it. */
    handoff: z
      .union([
        z.boolean(),
        z.object({ team: id.optional(), priority: z.enum(['low', 'normal', 'high', 'urgent']).optional() }).strict(),
      ])
      .optional(),
    /** Values the bot has collected so far; dotted names reach inside (`order.status`). null: not set. */
    values: z.record(z.string().min(1), scalar).optional(),
    /** The language the bot answered in. */
    locale: z.enum(['en', 'bn']).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.noReply && (e.contains || e.matches || e.buttons?.length || e.offers || e.locale)) {
      ctx.addIssue({ code: 'custom', path: ['noReply'], message: 'noReply cannot be combined with contains, matches, buttons, offers or locale' });
    }
  });

const phone = text.pipe(z.string().regex(/^\+?\d{6,15}$/, 'a phone number: 6 to 15 digits, e.g. 8801712345678'));

export const specStep = z
  .object({
    /** A text message from the customer. */
    say: text.optional(),
    /** A tap on a button or list row of the bot's latest replies: its title (any language) or its id. */
    press: text.optional(),
    /** The customer shares this number with WhatsApp's "share contact info" button (answers ask_phone). */
    share: phone.optional(),
    expect: specExpectation.optional(),
  })
  .strict()
  .refine((s) => [s.say, s.press, s.share].filter((v) => v !== undefined).length === 1, {
    message: 'a step is one of `say: <text>`, `press: <button title>` or `share: <phone number>`',
  });

const customer = z.union([
  phone,
  z
    .object({
      /** The customer's WhatsApp number; specs with the same number share one conversation. */
      phone: phone.optional(),
      /** The WhatsApp profile name (`{{customer.name}}` in flow texts). */
      name: z.string().min(1).optional(),
      /**
       * A WhatsApp username. Without `phone` the customer hides their number: WhatsApp knows
       * them by a business-scoped id, and a flow that needs the number asks for it.
       */
      username: z.string().regex(/^@?[A-Za-z0-9._]{1,35}$/, 'a username: letters, digits, "." and "_"').optional(),
    })
    .strict(),
]);

export const conversationSpec = z
  .object({
    name: z.string().min(1, 'give the spec a name'),
    /** A phone number, or `{ phone, name, username }`. Default: a new customer for every spec. */
    customer: customer.optional(),
    steps: z.array(specStep).min(1, 'a spec needs at least one step'),
  })
  .strict();

/** A spec file holds one spec, or a list of them. */
export const specFileList = z.array(conversationSpec).min(1, 'the file holds no specs');

export type SpecExpectation = z.infer<typeof specExpectation>;
export type SpecStep = z.infer<typeof specStep>;
export type ConversationSpecInput = z.infer<typeof conversationSpec>;
