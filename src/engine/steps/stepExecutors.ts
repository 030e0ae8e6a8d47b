import { askStep } from './ask';
import { askPhoneStep } from './askPhone';
import { branchStep } from './branch';
import { endStep } from './end';
import { handoffStep } from './handoff';
import { lookupStep } from './lookup';
import { menuStep } from './menu';
import { replyStep } from './reply';
import type { StepExecutors } from './stepExecutor';

/** Every step kind of flowfiles/schema.ts and the file that runs it. A new kind: its file, one line here. */
export const STEP_EXECUTORS: StepExecutors = {
  reply: replyStep,
  ask: askStep,
  branch: branchStep,
  lookup: lookupStep,
  handoff: handoffStep,
  end: endStep,
  menu: menuStep,
  ask_phone: askPhoneStep,
};
