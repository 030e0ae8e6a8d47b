import { NEW_FLOW_FILE_NAME } from '../flowfiles/editing/opsFiles';

/**
 * Starting points for a new flow on the Flows page. The person names the file and gives the
 * title, one way customers ask in each language and the answer; the template turns that into a
 * flow that passes every check, which opens in the editor as an unsaved draft to try and save.
 */
export interface NewFlowInput {
  /** The file name, `shop_offers.yaml`; the flow and intent ids come from it. */
  file: string;
  title: { en: string; bn: string };
  example: { en: string; bn: string };
  answer: { en: string; bn: string };
  /** For the handoff template: the team that takes the chat. */
  team?: string;
}

export interface FlowTemplate {
  name: string;
  title: string;
  description: string;
  render(id: string, input: NewFlowInput): string;
}

// JSON strings are valid YAML: whatever a person types stays one safe scalar.
const q = (text: string) => JSON.stringify(text);
const header = (id: string, input: NewFlowInput, what: string) => `# yaml-language-server: $schema=./flow.schema.json
# ${what}
id: ${id}
title: { en: ${q(input.title.en)}, bn: ${q(input.title.bn)} }
locales: [en, bn]
triggers:
  - intent: ${id}
    # Add the ways customers ask: the more everyday phrasings, the better the bot understands.
    examples:
      en:
        - ${q(input.example.en)}
      bn:
        - ${q(input.example.bn)}
steps:
`;
const backToMenu = `      buttons:
        - id: menu
          title: { en: Main menu, bn: মূল মেনু }
          menu: true
`;

const answerStep = (input: NewFlowInput) => `  - id: answer
    reply:
      text:
        en: ${q(input.answer.en)}
        bn: ${q(input.answer.bn)}
`;

export const FLOW_TEMPLATES: FlowTemplate[] = [
  {
    name: 'answer',
    title: 'Question and answer',
    description: 'Answers one question, with a button back to the menu.',
    render: (id, input) => `${header(id, input, 'A question customers ask, and the answer.')}${answerStep(input)}${backToMenu}`,
  },
  {
    name: 'handoff',
    title: 'Answer, then a person',
    description: 'Says the answer, then hands the chat to a team.',
    render: (id, input) => `${header(id, input, 'Tells the customer what happens, then hands the chat to a person.')}${answerStep(input)}  - id: to_team
    handoff:
      reason: ${q(`${input.title.en}: the customer needs a person`)}
      team: ${input.team ?? 'default'}
`,
  },
];

export class NewFlowError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NewFlowError';
  }
}

/** The text of a new flow file from a template; throws NewFlowError for a name or template that cannot be. */
export function renderNewFlow(template: string, input: NewFlowInput): string {
  const found = FLOW_TEMPLATES.find((t) => t.name === template);
  if (!found) throw new NewFlowError(`There is no template "${template}"; templates: ${FLOW_TEMPLATES.map((t) => t.name).join(', ')}`);
  if (!NEW_FLOW_FILE_NAME.test(input.file)) throw new NewFlowError('A flow file name uses lower-case letters, digits, "_" or "-" and ends in .yaml (e.g. gift_wrapping.yaml)');
  return found.render(input.file.replace(/\.yaml$/, '').replace(/-/g, '_'), input);
}
