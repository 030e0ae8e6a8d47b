import type { FlowProblem } from '../model';
import { SUPPORTED_LOCALES } from '../../domain/locale';
import { problemAt, type FlowRule } from './types';
import { visitTexts } from './visitTexts';

/** A flow that declares Bengali must say everything in Bengali, or Bengali customers get English mid-chat. */
export const missingTranslations: FlowRule = (files) =>
  files.flatMap((file) => {
    const locales = file.definition.locales ?? [...SUPPORTED_LOCALES];
    const problems: FlowProblem[] = [];
    visitTexts(file.definition, (text, path) => {
      if (typeof text === 'string') return;
      const missing = locales.filter((l) => !text[l]);
      if (missing.length > 0) problems.push(problemAt(file, path, `text has no ${missing.join(', ')} version`, `the flow declares locales ${locales.join(', ')}`));
    });
    (file.definition.triggers ?? []).forEach((trigger, t) => {
      const missing = locales.filter((l) => !trigger.examples[l]?.length);
      if (missing.length > 0) problems.push(problemAt(file, ['triggers', t, 'examples'], `intent "${trigger.intent}" has no ${missing.join(', ')} examples`, 'customers writing that language will not be understood'));
    });
    return problems;
  });
