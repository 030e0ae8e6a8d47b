import type { FlowRule } from './types';
import { unreachableSteps } from './reachability';
import { duplicateExamples } from './examples';
import { missingTranslations } from './locales';
import { whatsappLimits } from './whatsappLimits';
import { uncollectedPlaceholders } from './placeholders';
import { unknownTeams } from './teams';
import { synonymGroups } from './synonyms';

/** Every rule beyond the schema and references, in the order their problems are listed. */
export const FLOW_RULES: FlowRule[] = [unreachableSteps, duplicateExamples, missingTranslations, whatsappLimits, uncollectedPlaceholders, unknownTeams, synonymGroups];
