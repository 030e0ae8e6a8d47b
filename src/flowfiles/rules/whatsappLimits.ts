import type { FlowProblem } from '../model';
import { problemAt, type FlowRule } from './types';
import { visitTexts, type TextRole } from './visitTexts';

/**
 * WhatsApp Cloud API limits for interactive messages (reply buttons and lists): a flow that
 * breaks them would be cut short or refused at send time, so the checker refuses it first.
 * https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-reply-buttons-messages
 * https://developers.facebook.com/docs/whatsapp/cloud-api/messages/interactive-list-messages
 */
const LIMITS: Partial<Record<TextRole, number>> = {
  'button-title': 20,
  'row-title': 24,
  'menu-title': 24,
  'row-description': 72,
  'list-button': 20,
  'interactive-body': 1024,
  caption: 1024,
  text: 4096,
};
const MAX_MENU_FLOWS = 9; // a list holds 10 rows; the last is "Talk to a person"
const MAX_LIST_ROWS = 10;

export const whatsappLimits: FlowRule = (files) => {
  const problems = files.flatMap((file) => {
    const found: FlowProblem[] = [];
    visitTexts(file.definition, (text, path, role) => {
      const limit = LIMITS[role];
      if (!limit) return;
      for (const [locale, value] of Object.entries(typeof text === 'string' ? { all: text } : text)) {
        const length = [...(value ?? '')].length;
        if (length > limit) found.push(problemAt(file, path, `${role.replace('-', ' ')} is ${length} characters${locale === 'all' ? '' : ` in ${locale}`}; WhatsApp allows ${limit}`, 'shorten it'));
      }
    });
    file.definition.steps.forEach((step, i) => {
      const rule = step.ask?.validate;
      if (rule && 'choice' in rule && rule.choice.length > MAX_LIST_ROWS) {
        found.push(problemAt(file, ['steps', i, 'ask', 'validate', 'choice'], `${rule.choice.length} choices; a WhatsApp list shows at most ${MAX_LIST_ROWS}`, 'split the question in two'));
      }
    });
    return found;
  });
  const menu = files.filter((f) => f.definition.menu !== undefined);
  if (menu.length > MAX_MENU_FLOWS) {
    for (const file of menu.slice(MAX_MENU_FLOWS)) {
      problems.push(problemAt(file, ['menu'], `the main menu holds ${MAX_MENU_FLOWS} flows and this is number ${menu.indexOf(file) + 1}`, 'remove `menu` from a less important flow'));
    }
  }
  return problems;
};
