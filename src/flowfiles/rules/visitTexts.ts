import type { FlowFileInput, LocalizedTextInput } from '../schema';

export type TextRole = 'text' | 'interactive-body' | 'button-title' | 'row-title' | 'row-description' | 'list-button' | 'menu-title' | 'caption';

/** Calls back for every customer-visible text of a flow, with its path and what it is. */
export function visitTexts(flow: FlowFileInput, visit: (text: LocalizedTextInput, path: (string | number)[], role: TextRole) => void): void {
  if (flow.menu !== undefined) visit(flow.title, ['title'], 'menu-title');
  flow.steps.forEach((step, i) => {
    const at = (...rest: (string | number)[]) => ['steps', i, ...rest];
    if (step.reply) {
      const interactive = !!(step.reply.buttons || step.reply.list);
      visit(step.reply.text, at('reply', 'text'), interactive ? 'interactive-body' : 'text');
      step.reply.buttons?.forEach((b, j) => visit(b.title, at('reply', 'buttons', j, 'title'), 'button-title'));
      if (step.reply.list) {
        visit(step.reply.list.button, at('reply', 'list', 'button'), 'list-button');
        step.reply.list.rows.forEach((r, j) => {
          visit(r.title, at('reply', 'list', 'rows', j, 'title'), 'row-title');
          if (r.description) visit(r.description, at('reply', 'list', 'rows', j, 'description'), 'row-description');
        });
      }
      for (const kind of ['image', 'document'] as const) {
        const caption = step.reply[kind]?.caption;
        if (caption) visit(caption, at('reply', kind, 'caption'), 'caption');
      }
    }
    if (step.ask) {
      const rule = step.ask.validate;
      const choices = rule && 'choice' in rule ? rule.choice : undefined;
      visit(step.ask.text, at('ask', 'text'), choices ? 'interactive-body' : 'text');
      if (step.ask.hint) visit(step.ask.hint, at('ask', 'hint'), 'text');
      choices?.forEach((c, j) => visit(c.title, at('ask', 'validate', 'choice', j, 'title'), choices.length <= 3 ? 'button-title' : 'row-title'));
    }
    if (step.ask_phone) {
      // The share-contact button's body on the Cloud API.
      visit(step.ask_phone.text, at('ask_phone', 'text'), 'interactive-body');
      if (step.ask_phone.hint) visit(step.ask_phone.hint, at('ask_phone', 'hint'), 'text');
    }
    const handoffText = step.handoff?.text;
    if (handoffText) visit(handoffText, at('handoff', 'text'), 'text');
    step.reply?.buttons?.forEach((b, j) => b.handoff?.text && visit(b.handoff.text, at('reply', 'buttons', j, 'handoff', 'text'), 'text'));
    if (step.end?.text) visit(step.end.text, at('end', 'text'), 'text');
    if (step.menu) visit(step.menu.text, at('menu', 'text'), 'interactive-body');
  });
}
