import type { OutboundContent } from '../../domain/message';
import type { StepInput } from '../../flowfiles/schema';
import { validateAnswer } from '../validateAnswer';
import { askUnlessKnown } from './ask';
import type { StepContext, StepExecutor } from './stepExecutor';

type AskPhoneSpec = NonNullable<StepInput['ask_phone']>;

/** The question: a contact request, which the Cloud API shows with WhatsApp's share button. */
export function phoneQuestion(context: StepContext, spec: AskPhoneSpec): OutboundContent {
  return { type: 'contact_request', text: context.say(spec.text) };
}

/**
 * `ask_phone`: the customer's phone number under `save`. Known already (the channel gave it,
 * or they shared it before): saved at once, nothing asked. Otherwise asked; the answer is the
 * contact card shared with WhatsApp's button (`sharedPhone`) or a typed number. Only the former
 * comes from WhatsApp: the engine keeps a typed number on the customer without trusting it
 * as theirs (conversation/customerIdentity.ts).
 */
export const askPhoneStep: StepExecutor<'ask_phone'> = {
  run(context, spec) {
    return askUnlessKnown(context, spec.save, context.turn.knownPhone, () => phoneQuestion(context, spec));
  },

  async answer(context, spec, answer) {
    const verdict = validateAnswer({ phone: true }, answer, context.turn.locale);
    if (!verdict.ok) return false;
    const phone = String(verdict.value).replace(/^\+/, '');
    context.turn.conversation.values[spec.save] = phone;
    context.turn.sharedPhone = { value: phone, verified: 'sharedPhone' in answer };
    context.advance();
    await context.runFromHere();
    return true;
  },
};
