/**
 * The departments file submitted from Settings: answered at once with "Checking the file…" (Slack
 * wants an answer within 3 seconds), then the service downloads, checks and applies it, and the
 * modal is updated with the result or the line-numbered problems.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import { applyUploadedDepartments } from '../../../services/home/departmentsUpload';
import { CALLBACKS } from '../../../views/actionIds';
import {
  departmentsCheckingModal,
  departmentsUploadResult,
  NO_FILE,
  UPLOAD_ACTION,
  UPLOAD_BLOCK,
} from '../../../views/departmentsUpload';
import { submittedFile } from './fileSubmission';

export function register(app: App, services: Services): void {
  app.view(CALLBACKS.departmentsUploadModal, async ({ ack, body, client, context }) => {
    const file = submittedFile(body, UPLOAD_BLOCK, UPLOAD_ACTION);
    if (!file) {
      await ack({ response_action: 'errors', errors: { [UPLOAD_BLOCK]: NO_FILE } });
      return;
    }
    await ack({ response_action: 'update', view: departmentsCheckingModal() });
    const teamId = context.teamId ?? file.teamId ?? '';
    const outcome = await applyUploadedDepartments(services, client, teamId, file.userId, file.fileId).catch((err) => {
      services.logger.error({ err: (err as Error).message }, 'departments upload failed');
      return { kind: 'unreadable' as const, fileName: 'the file' };
    });
    await client.views
      .update({ view_id: file.viewId, view: departmentsUploadResult(outcome) })
      .catch((err) => services.logger.warn({ err: (err as Error).message }, 'departments upload: modal update failed'));
  });
}
