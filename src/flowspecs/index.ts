export { conversationSpec, specExpectation, specStep, specFileList } from './specSchema';
export type { SpecExpectation, SpecStep, ConversationSpecInput } from './specSchema';
export { parseSpecFile, loadSpecFiles, listSpecFiles } from './parseSpecFile';
export type { ConversationSpec, LocatedStep, ParsedSpecFile, SpecLocation } from './parseSpecFile';
export { startSpecBot, runSpecs, checkExpectations, describeFailure } from './runSpecs';
export type { BotReply, SpecBot, SpecBotOptions, SpecResult, StepResult, Observation } from './runSpecs';
export { formatConversation, formatResult, failureMessage, formatProblems } from './report';
