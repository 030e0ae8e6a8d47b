import { foldForCompare } from '../../domain/text';
import { phoneticKey } from './banglish';
import type { IntentExamples, Nlu, NluRequest, NluResult, TrainingExtras } from '../port';
import { calibrationSteps, DEFAULT_CALIBRATION, type Calibration } from './calibration';
import { acceptance, decide, DEFAULT_ASK_RATIO, type Decision } from './decision';
import { asksForHuman, readHumanRequest, type HumanRequestReading } from './humanRequest';
import { exampleCount, IntentModel, TOP_INTENTS, type ModelScores } from './intentModel';
import { OtherBusinesses } from './otherBusinesses';
import { ReadingCache } from './readingCache';
import { readTrainingSet } from './trainingSet';
import { runToEnd } from './softmaxRegression';
import { detectLanguage } from './languageDetect';
import { DEFAULT_LIMITS, extractNumbers, tokenize, tokensWithin, visiblePart } from './normalize';
import { scoreSentiment } from './sentiment';

/** Used until a model is trained with enough out-of-scope messages to calibrate one. */
export const DEFAULT_THRESHOLD = DEFAULT_CALIBRATION.fallback;
export const DEFAULT_CANDIDATE_COUNT = TOP_INTENTS;
// Each calibration fold is one more training; with hundreds of intents two folds keep a reload to
// seconds. Fewer folds train on fewer out-of-scope messages, so the line errs on the careful side.
const MANY_INTENTS = 100;
const DEFAULT_TRAINING_SLICE_MS = 8;
// Examples of an intent read by the wants-a-human detector, and the share of them it must hear as
// requests for the intent to be one that asks for a person (see asksForPerson).
const PERSON_SAMPLE = 40;
const PERSON_SHARE = 1 / 3;
/**
 * A request for a person that the model is this sure is chatter is asked about instead of handed
 * over. On the evaluation sets the out-of-scope messages the detector took for requests were long
 * stories ("the person isn't picking up the phone, how do I get my money back from bKash?") at
 * 0.68-0.98; no real request was above 0.51.
 */
const DOUBTED_REQUEST = 0.8;

export interface LocalNluOptions {
  /** A fixed acceptance line (0..1) instead of the one calibrated on the out-of-scope messages. */
  threshold?: number;
  /** How many intents `candidates` lists. */
  candidateCount?: number;
  /** Characters of a message that are read; the rest is ignored (keeps huge pastes fast). */
  maxChars?: number;
  /** Words of a message that are matched. */
  maxTokens?: number;
  /** Share of out-of-scope messages the calibrated line may let through (default 0.05). */
  outOfScopeRate?: number;
  /** Longest a background training (`retrain`) holds the event loop at a time, in ms (default 8). */
  trainingSliceMs?: number;
}

export interface LocalNluStats {
  intents: number;
  examples: number;
  features: number;
  threshold: number;
  calibration: Calibration;
  /**
   * CPU time the last training took (this process's, so other work in a background training's
   * pauses counts too): unlike wall-clock time, not inflated by other processes on the machine.
   */
  trainCpuMs: number;
}

interface Learnt {
  model: IntentModel;
  smallTalk: ReadonlySet<string>;
  exact: ReadonlyMap<string, string>;
  bengaliSounds: ReadonlySet<string>;
  smallTalkWords: ReadonlySet<string>;
  examplesByIntent: ReadonlyMap<string, readonly string[]>;
  otherBusinesses: OtherBusinesses;
  stats: LocalNluStats;
}

/**
 * The built-in NLU: an intent model trained in-process on the flow examples (intentModel.ts),
 * an "I don't understand" line calibrated on the out-of-scope messages, a wants-a-human
 * detector that runs first, and "did you mean" when two intents are close. No network, no
 * downloaded weights. Used on its own or as Dialogflow's fallback.
 */
export class LocalNlu implements Nlu {
  readonly kind = 'local';
  private readonly fixedThreshold?: number;
  private readonly candidateCount: number;
  private readonly limits: { maxChars: number; maxTokens: number };
  private readonly targetRate: number;
  private readonly sliceMs: number;
  private model: IntentModel = IntentModel.untrained();
  private smallTalk: ReadonlySet<string> = new Set();
  private exact: ReadonlyMap<string, string> = new Map();
  private bengaliSounds: ReadonlySet<string> = new Set();
  private smallTalkWords: ReadonlySet<string> = new Set();
  private otherBusinesses = new OtherBusinesses([]);
  private examplesByIntent: ReadonlyMap<string, readonly string[]> = new Map();
  /** Whether an intent asks for a person (asksForPerson), worked out when first needed. */
  private personIntents = new Map<string, boolean>();
  private trained: LocalNluStats;
  private readonly readings = new ReadingCache();
  /** Counts trainings begun: a background one that is no longer the latest gives up. */
  private generation = 0;

  constructor(options: LocalNluOptions = {}) {
    const threshold = options.threshold;
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new RangeError(`LocalNlu threshold must be within 0..1, got ${threshold}`);
    this.fixedThreshold = threshold;
    this.candidateCount = Math.min(TOP_INTENTS, Math.max(1, Math.floor(options.candidateCount ?? DEFAULT_CANDIDATE_COUNT)));
    this.limits = {
      maxChars: Math.max(1, Math.floor(options.maxChars ?? DEFAULT_LIMITS.maxChars)),
      maxTokens: Math.max(1, Math.floor(options.maxTokens ?? DEFAULT_LIMITS.maxTokens)),
    };
    this.targetRate = options.outOfScopeRate ?? DEFAULT_CALIBRATION.targetRate;
    this.sliceMs = Math.max(0, options.trainingSliceMs ?? DEFAULT_TRAINING_SLICE_MS);
    const none: Calibration = { threshold: threshold ?? DEFAULT_THRESHOLD, falseAcceptRate: Number.NaN, measuredOn: 0 };
    this.trained = { intents: 0, examples: 0, features: 0, threshold: none.threshold, calibration: none, trainCpuMs: 0 };
  }

  /** The acceptance line in use: fixed, or calibrated at the last training. */
  get threshold(): number {
    return this.trained.threshold;
  }

  get stats(): LocalNluStats {
    return this.trained;
  }

  /** Replaces everything learnt before, now: the process does nothing else until it is done. */
  train(intents: IntentExamples[], extras: TrainingExtras = {}): void {
    this.generation++;
    this.install(runToEnd(this.learn(intents, extras)));
  }

  /**
   * Replaces everything learnt before without holding up the process: training runs in slices of
   * a few milliseconds between other work (a flow reload with hundreds of intents takes seconds
   * of CPU), and the old model keeps answering until the new one is ready. A newer `train` or
   * `retrain` supersedes this one; its promise then resolves without installing anything.
   */
  retrain(intents: IntentExamples[], extras: TrainingExtras = {}): Promise<void> {
    const generation = ++this.generation;
    const steps = this.learn(intents, extras);
    return new Promise((resolve, reject) => {
      const slice = () => {
        if (generation !== this.generation) return resolve();
        try {
          const until = performance.now() + this.sliceMs;
          for (;;) {
            const next = steps.next();
            if (next.done) {
              this.install(next.value);
              return resolve();
            }
            if (performance.now() >= until) break;
          }
        } catch (error) {
          return reject(error as Error);
        }
        setImmediate(slice);
      };
      setImmediate(slice);
    });
  }

  private *learn(intents: IntentExamples[], extras: TrainingExtras): Generator<void, Learnt> {
    const cpuAtStart = process.cpuUsage();
    const otherBusinesses = new OtherBusinesses(extras.otherBusinesses ?? [], extras.synonyms ?? []);
    // One group for all of them: an out-of-scope message about one bank teaches the model about every bank listed.
    const others = otherBusinesses.unrelated;
    const synonyms = others.length > 0 ? [...(extras.synonyms ?? []), [...others]] : (extras.synonyms ?? []);
    const data = { intents, outOfScope: extras.outOfScope ?? [], synonyms };
    // Every text is read once, then shared by the model, the calibration's fold models and the next reload.
    const texts = exampleCount(intents) + data.outOfScope.length;
    const options = { limits: this.limits, cache: this.readings.forTraining(data.synonyms, texts) };
    const set = yield* readTrainingSet(data, options.limits, options.cache);
    const model = set ? yield* IntentModel.fitSteps(set, options) : IntentModel.untrained();
    const calibration =
      this.fixedThreshold === undefined
        ? yield* calibrationSteps(model, set, acceptance, { ...DEFAULT_CALIBRATION, targetRate: this.targetRate, folds: intents.length > MANY_INTENTS ? 2 : DEFAULT_CALIBRATION.folds }, options)
        : { threshold: this.fixedThreshold, falseAcceptRate: Number.NaN, measuredOn: 0 };
    const exact = exactExamples(intents);
    const used = process.cpuUsage(cpuAtStart);
    return {
      model,
      smallTalk: new Set(intents.filter((i) => i.smallTalk).map((i) => i.intent)),
      exact,
      // The words as the training read them: reading every example again was a twentieth of a first training.
      ...exampleWords(intents, (text) => options.cache.bags.get(text)?.tokens ?? tokensWithin(text, this.limits)),
      examplesByIntent: examplesByIntent(intents),
      otherBusinesses,
      stats: {
        intents: model.intentNames.length,
        examples: exact.size,
        features: model.featureCount,
        threshold: calibration.threshold,
        calibration,
        trainCpuMs: Math.round((used.user + used.system) / 1000),
      },
    };
  }

  private install(learnt: Learnt): void {
    this.model = learnt.model;
    this.smallTalk = learnt.smallTalk;
    this.exact = learnt.exact;
    this.bengaliSounds = learnt.bengaliSounds;
    this.smallTalkWords = learnt.smallTalkWords;
    this.examplesByIntent = learnt.examplesByIntent;
    this.otherBusinesses = learnt.otherBusinesses;
    this.personIntents = new Map();
    this.trained = learnt.stats;
    // The typo index is not part of the training (no training text needs it): built on the next
    // turn of the event loop, so neither the bot's start nor a reload's last step waits for it. A
    // message that comes first builds it itself.
    setImmediate(() => learnt.model.prepareTypoIndex());
  }

  detect(request: NluRequest): Promise<NluResult> {
    try {
      return Promise.resolve(this.detectSync(request));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The same as `detect`, for callers (and benchmarks) that want no promise. */
  detectSync(request: NluRequest): NluResult {
    const text = visiblePart(typeof request.text === 'string' ? request.text : '', this.limits.maxChars);
    const tokens = tokenize(text, this.limits.maxTokens);
    let language = detectLanguage(text, tokens, request.previousLocale);
    // No marker either way: a word that sounds like one of the shop's own Bengali examples
    // ("vanga" ~ ভাঙা) says the customer writes Bengali in Latin letters.
    if (language.script === 'latin' && language.locale === 'en' && language.confidence < 0.5 && tokens.some((t) => t.length >= 4 && this.bengaliSounds.has(phoneticKey(t)))) {
      language = { ...language, locale: 'bn' };
    }
    // Read once: whether the customer asks for a person, and whether the message is about the rider.
    const read = readHumanRequest(text, this.otherBusinesses.mark);
    const scores = this.model.score(text);
    const doubted = read === 'asks' && scores.outOfScope >= DOUBTED_REQUEST;
    const decision = doubted ? this.offerPerson(this.understand(text, null, scores)) : this.understand(text, read, scores);
    const numbers = extractNumbers(text);
    return {
      intent: decision.intent,
      confidence: decision.confidence,
      locale: language.locale,
      script: language.script,
      candidates: decision.candidates,
      parameters: numbers.length > 0 ? { numbers } : {},
      sentiment: scoreSentiment(text, tokens),
      ...(decision.didYouMean ? { didYouMean: decision.didYouMean } : {}),
      ...(read === 'asks' && !doubted ? { handoffRequested: true } : {}),
      source: this.kind,
    };
  }

  private understand(text: string, human: HumanRequestReading, scores: ModelScores): Decision {
    // An example said word for word is that intent, whatever the model makes of it.
    const exact = this.exact.get(foldForCompare(text));
    if (exact) {
      const others = scores.ranked.filter((c) => c.intent !== exact).slice(0, this.candidateCount - 1);
      // The model's other readings, for the transcript; the exact match is what counts.
      return { intent: exact, confidence: 1, candidates: [{ intent: exact, confidence: 1 }, ...others.map((c) => ({ intent: c.intent, confidence: 0 }))] };
    }
    const decision = this.decide(scores, human);
    const top = decision.candidates[0];
    if (!top || !this.smallTalk.has(top.intent)) return decision;
    // "assalamu alaikum, amar order kothay?": the greeting is loud, the question is why they wrote.
    const rest = this.withoutSmallTalkWords(text);
    if (rest === '' || rest === text) return decision;
    const substance = this.decide(this.model.score(rest), human);
    return substance.intent && !this.smallTalk.has(substance.intent) ? substance : decision;
  }

  private decide(scores: ModelScores, human: HumanRequestReading): Decision {
    const rule = { threshold: this.threshold, askRatio: DEFAULT_ASK_RATIO };
    const decision = decide(scores, this.smallTalk, rule, this.candidateCount);
    // "is your delivery man a person from your shop?": about the rider, not asking for the team
    // (humanRequest.ts). Handing the chat over would answer a question nobody asked.
    if (human !== 'declines') return decision;
    const person = (intent: string | null | undefined) => intent !== null && intent !== undefined && this.asksForPerson(intent);
    if (!person(decision.intent) && !decision.didYouMean?.some(person)) return decision;
    return decide({ ...scores, ranked: scores.ranked.filter((c) => !person(c.intent)) }, this.smallTalk, rule, this.candidateCount);
  }

  /**
   * A doubted request for a person: "did you mean" the intent among the model's candidates that
   * asks for one, so a customer who meant it is one tap from a person and chatter reaches nobody.
   */
  private offerPerson(decision: Decision): Decision {
    if (decision.intent) return decision;
    const person = decision.candidates.find((c) => this.asksForPerson(c.intent));
    return person ? { ...decision, didYouMean: [person.intent] } : decision;
  }

  /**
   * Whether the intent asks for a person: whether the wants-a-human detector hears its examples
   * as requests (on the sample flows two thirds of talk_to_human's, none of any other intent's).
   * A sample of them tells. Worked out the first time a message about the rider lands on the
   * intent and kept until the next training, so that a training with hundreds of intents does not
   * pay for it.
   */
  private asksForPerson(intent: string): boolean {
    let answer = this.personIntents.get(intent);
    if (answer === undefined) {
      const examples = this.examplesByIntent.get(intent) ?? [];
      const step = Math.max(1, Math.floor(examples.length / PERSON_SAMPLE));
      let asked = 0;
      let read = 0;
      for (let i = 0; i < examples.length; i += step, read++) if (asksForHuman(examples[i] as string, this.otherBusinesses.mark)) asked++;
      answer = read > 0 && asked / read >= PERSON_SHARE;
      this.personIntents.set(intent, answer);
    }
    return answer;
  }

  /** The message without the words only greetings and thanks use ("hi", "salam", "dhonnobad"). */
  private withoutSmallTalkWords(text: string): string {
    const tokens = tokenize(text, this.limits.maxTokens);
    const kept = tokens.filter((token) => !this.smallTalkWords.has(phoneticKey(token)));
    return kept.length === tokens.length ? text : kept.join(' ');
  }

  ping(): Promise<void> {
    return Promise.resolve();
  }
}

/** Every example by its folded text; an example listed under two intents is left out. */
function exactExamples(intents: readonly IntentExamples[]): Map<string, string> {
  const byText = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const { intent, examples } of intents) {
    for (const list of Object.values(examples)) {
      for (const example of list ?? []) {
        const key = foldForCompare(example);
        if (key === '') continue;
        if (byText.has(key) && byText.get(key) !== intent) ambiguous.add(key);
        else byText.set(key, intent);
      }
    }
  }
  for (const key of ambiguous) byText.delete(key);
  return byText;
}

/** Every intent's examples, in every language (an intent listed twice gets both lists). */
function examplesByIntent(intents: readonly IntentExamples[]): Map<string, string[]> {
  const byIntent = new Map<string, string[]>();
  for (const { intent, examples } of intents) {
    const list = byIntent.get(intent) ?? [];
    for (const texts of Object.values(examples)) for (const text of texts ?? []) if (typeof text === 'string') list.push(text);
    byIntent.set(intent, list);
  }
  return byIntent;
}

/**
 * From one reading of the examples: the words (by phonetic key) of small-talk examples that no
 * other intent's example uses, and the sounds of the words in Bengali-script examples that no
 * English example shares (loanwords such as "order" / অর্ডার appear on both sides and say nothing
 * about the language).
 */
function exampleWords(intents: IntentExamples[], tokensOf: (text: string) => readonly string[]): { smallTalkWords: Set<string>; bengaliSounds: Set<string> } {
  const smallTalk = new Set<string>();
  const other = new Set<string>();
  const bengali = new Set<string>();
  const english = new Set<string>();
  for (const { smallTalk: isSmallTalk, examples } of intents) {
    for (const [language, list] of Object.entries(examples)) {
      for (const example of list ?? []) {
        const inBengaliScript = language === 'bn' && /[\u0980-\u09FF]/.test(example);
        for (const token of tokensOf(example)) {
          const key = phoneticKey(token);
          (isSmallTalk ? smallTalk : other).add(key);
          if (inBengaliScript && token.length >= 3) bengali.add(key);
          if (language === 'en') english.add(key);
        }
      }
    }
  }
  for (const key of other) smallTalk.delete(key);
  for (const key of english) bengali.delete(key);
  return { smallTalkWords: smallTalk, bengaliSounds: bengali };
}
