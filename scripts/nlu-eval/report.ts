import type { EvalLanguage } from './evalSets';
import type { InScopeFigures, RouterFigures } from './scoring';

export const TARGETS = { accuracyPerLanguage: 0.95, marginOverBaseline: 0.05, falseAcceptRate: 0.05 } as const;

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const LANGUAGES: EvalLanguage[] = ['en', 'bn', 'banglish', 'typos'];

export function figuresTable(rows: RouterFigures[]): string {
  const header = `  ${'router'.padEnd(48)}${LANGUAGES.map((l) => l.padStart(10)).join('')}${'all'.padStart(10)}   out of scope accepted (asked)`;
  const line = (f: RouterFigures) => {
    const cell = (x?: InScopeFigures) => (x ? percent(x.accuracy) : '-').padStart(10);
    const oos = f.outOfScope.total ? `${percent(f.outOfScope.falseAcceptRate)} of ${f.outOfScope.total} (${percent(f.outOfScope.asked / f.outOfScope.total)})` : '-';
    return `  ${f.router.slice(0, 47).padEnd(48)}${LANGUAGES.map((l) => cell(f.byLanguage[l])).join('')}${cell(f.inScope)}   ${oos}`;
  };
  return [header, ...rows.map(line)].join('\n');
}

export function detailLine(f: RouterFigures): string {
  const i = f.inScope;
  return `  ${f.router}: ${i.correct}/${i.total} right, ${i.wrong} wrong, ${i.askedRight} asked "did you mean" with the right one, ${i.askedWrong} asked without it, ${i.rejected} not understood`;
}

export function confusionLine(f: RouterFigures, limit = 8): string {
  const worst = f.confusions.slice(0, limit).map((c) => `${c.expected} -> ${c.got} ×${c.count}`);
  return `  worst confusions, ${f.router}: ${worst.length ? worst.join('; ') : 'none'}`;
}

export interface Verdict {
  everyLanguageAtTarget: boolean;
  aboveBaselineEveryLanguage: boolean;
  falseAcceptAtTarget: boolean;
}

/**
 * The targets for one set: every language >= 95%, >= 5 points above the baseline, <= 5%
 * out of scope accepted. The margin is measured against the best of the given baselines in each
 * language (nlu-eval.ts gives those that let no more chatter through than the model).
 */
export function verdict(model: RouterFigures, baselines: RouterFigures[]): Verdict {
  const languages = Object.keys(model.byLanguage) as EvalLanguage[];
  const best = (l: EvalLanguage) => Math.max(0, ...baselines.map((b) => b.byLanguage[l]?.accuracy ?? 0));
  return {
    everyLanguageAtTarget: languages.every((l) => (model.byLanguage[l]?.accuracy ?? 0) >= TARGETS.accuracyPerLanguage),
    aboveBaselineEveryLanguage: languages.every((l) => (model.byLanguage[l]?.accuracy ?? 0) >= best(l) + TARGETS.marginOverBaseline - 1e-9),
    falseAcceptAtTarget: model.outOfScope.total === 0 || model.outOfScope.falseAcceptRate <= TARGETS.falseAcceptRate,
  };
}
