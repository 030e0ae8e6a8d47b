/** Public surface of the local NLU adapter. */
export { LocalNlu, DEFAULT_THRESHOLD, DEFAULT_CANDIDATE_COUNT, type LocalNluOptions, type LocalNluStats } from './localNlu';
export { IntentModel, type ModelScores } from './intentModel';
export type { TrainingData } from './trainingSet';
export { asksForHuman } from './humanRequest';
export { detectLanguage, type LanguageGuess } from './languageDetect';
export { scoreSentiment } from './sentiment';
export { romanizeBengali, phoneticKey, foldLatinPhonetics } from './banglish';
export {
  normalizeMessage,
  tokenize,
  extractNumbers,
  DEFAULT_LIMITS,
  type NormalizedMessage,
  type NormalizeLimits,
} from './normalize';
