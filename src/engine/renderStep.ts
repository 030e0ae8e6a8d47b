import type { Locale } from '../domain/locale';
import type { CollectedValues } from '../domain/conversation';
import type { OutboundContent } from '../domain/message';
import type { Flow, FlowSet } from '../flowfiles/model';
import type { StepInput, ValidationInput } from '../flowfiles/schema';
import { choiceButtonId, flowButtonId, HUMAN_BUTTON, MENU_BUTTON, stepButtonId } from './buttonIds';
import { interpolate } from '../flowfiles/interpolate';
import { localize } from '../conversation/localize';
import { systemText } from '../conversation/systemTexts';

type ReplySpec = NonNullable<StepInput['reply']>;

/** A `reply` step as the messages the customer sees. */
export function renderReply(flow: Flow, stepId: string, reply: ReplySpec, locale: Locale, values: CollectedValues): OutboundContent[] {
  const say = (t: Parameters<typeof localize>[0]) => interpolate(localize(t, locale), values);
  const out: OutboundContent[] = [];
  for (const kind of ['image', 'document'] as const) {
    const media = reply[kind];
    if (media) {
      out.push({
        type: 'media',
        media: { kind, url: interpolate(media.url, values), caption: media.caption ? say(media.caption) : undefined, filename: media.filename },
      });
    }
  }
  const text = say(reply.text);
  if (reply.buttons) {
    out.push({
      type: 'buttons',
      text,
      buttons: reply.buttons.map((b) => ({ id: stepButtonId(flow.id, stepId, b.id), title: say(b.title) })),
    });
  } else if (reply.list) {
    out.push({
      type: 'list',
      text,
      buttonLabel: say(reply.list.button),
      sections: [{ rows: reply.list.rows.map((r) => ({ id: stepButtonId(flow.id, stepId, r.id), title: say(r.title), description: r.description ? say(r.description) : undefined })) }],
    });
  } else {
    out.push({ type: 'text', text });
  }
  return out;
}

/** The question of an `ask` step; choices are offered as buttons (up to 3) or a list. */
export function renderQuestion(flow: Flow, stepId: string, text: string, rule: ValidationInput | undefined, locale: Locale): OutboundContent {
  if (!rule || !('choice' in rule)) return { type: 'text', text };
  const options = rule.choice.map((c) => ({ id: choiceButtonId(flow.id, stepId, c.id), title: localize(c.title, locale) }));
  if (options.length <= 3) return { type: 'buttons', text, buttons: options };
  return { type: 'list', text, buttonLabel: systemText('menuButton', locale), sections: [{ rows: options }] };
}

/** The main menu: every flow marked `menu`, plus a person. WhatsApp lists hold 10 rows. */
export function renderMenu(flows: FlowSet, locale: Locale, intro?: string): OutboundContent {
  const rows = flows.menu.slice(0, 9).map((f) => ({ id: flowButtonId(f.id), title: localize(f.definition.title, locale) }));
  rows.push({ id: HUMAN_BUTTON, title: systemText('talkToPerson', locale) });
  return {
    type: 'list',
    text: intro ?? systemText('menuIntro', locale),
    buttonLabel: systemText('menuButton', locale),
    sections: [{ rows }],
  };
}

/**
 * Two intents were close: "Did you mean…" with a button per flow (its title in the customer's
 * language, which opens it) and one for the menu. WhatsApp allows three reply buttons of 20
 * characters; a flow title may have 24 (it is a menu row), so a long one is shortened.
 */
export function renderDidYouMean(flows: Flow[], locale: Locale): Extract<OutboundContent, { type: 'buttons' }> {
  return {
    type: 'buttons',
    text: systemText('didYouMean', locale),
    buttons: [
      ...flows.slice(0, 2).map((f) => ({ id: flowButtonId(f.id), title: shorten(localize(f.definition.title, locale), BUTTON_TITLE_LIMIT) })),
      { id: MENU_BUTTON, title: systemText('somethingElse', locale) },
    ],
  };
}

// https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages
const BUTTON_TITLE_LIMIT = 20;

/** At most `limit` characters (code points, so a Bengali letter or an emoji is never cut in half). */
function shorten(text: string, limit: number): string {
  const chars = [...text];
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join('').trimEnd()}…`;
}

/** After repeated misunderstandings: a person, or the menu. */
export function renderHumanOffer(locale: Locale): Extract<OutboundContent, { type: 'buttons' }> {
  return {
    type: 'buttons',
    text: systemText('offerHuman', locale),
    buttons: [
      { id: HUMAN_BUTTON, title: systemText('talkToPerson', locale) },
      { id: MENU_BUTTON, title: systemText('mainMenu', locale) },
    ],
  };
}
