import { FlowEditBusy, FlowEditRefused } from '../../flowfiles/editing/flowFileWriter';
import { NotAnOpsFileError } from '../../flowfiles/editing/opsFiles';
import { YamlEditError } from '../../flowfiles/editing/sequenceEdit';
import { formatProblem, type FlowProblem } from '../../flowfiles/model';
import { DraftRefused } from '../../opsfiles/draftTrials';
import { EditConflict, OpsFileMissing } from '../../opsfiles/editErrors';
import { NewFlowError } from '../../opsfiles/newFlow';
import { HttpError } from '../../web/httpError';

/** The Flows page's errors as the API's error bodies; the checks' problems both as lines and with their place. */
export async function opsFileErrors<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FlowEditRefused) throw new HttpError(422, 'FLOW_CHECK_FAILED', error.message, problemsDetail(error.problems));
    if (error instanceof DraftRefused) throw new HttpError(422, 'DRAFT_CHECK_FAILED', error.message, problemsDetail(error.problems));
    if (error instanceof EditConflict) {
      throw new HttpError(409, 'EDIT_CONFLICT', error.message, { current: error.current, currentHash: error.currentHash, lastChange: error.lastChange, diff: error.diff });
    }
    if (error instanceof FlowEditBusy) throw new HttpError(409, 'FLOW_EDIT_BUSY', error.message);
    if (error instanceof NotAnOpsFileError || error instanceof OpsFileMissing) throw new HttpError(404, 'FILE_NOT_FOUND', error.message);
    if (error instanceof YamlEditError) throw new HttpError(400, 'FORM_EDIT_FAILED', `The form could not change the file: ${error.message}. Edit the YAML instead.`);
    if (error instanceof NewFlowError) throw new HttpError(400, 'INVALID_NEW_FLOW', error.message);
    throw error;
  }
}

function problemsDetail(problems: FlowProblem[]): Record<string, unknown> {
  return { problems: problems.map(formatProblem), diagnostics: problems };
}
