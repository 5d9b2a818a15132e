/**
 * A Slack export submitted from Settings: answered at once with "Loading the export…" (Slack wants
 * an answer within 3 seconds), then the service downloads and loads it, updating the modal and
 * telling the lead in a DM when it is done.
 */
import type { App } from '@slack/bolt';
import type { Services } from '../../../services/context';
import { loadExportFromSettings } from '../../../services/home/exportUpload';
import { CALLBACKS } from '../../../views/actionIds';
import { EXPORT_ACTION, EXPORT_BLOCK, exportLoadingModal, NO_EXPORT } from '../../../views/exportUpload';
import { submittedFile } from './fileSubmission';

export function register(app: App, services: Services): void {
  app.view(CALLBACKS.exportUploadModal, async ({ ack, body, client, context }) => {
    const file = submittedFile(body, EXPORT_BLOCK, EXPORT_ACTION);
    if (!file) {
      await ack({ response_action: 'errors', errors: { [EXPORT_BLOCK]: NO_EXPORT } });
      return;
    }
    await ack({ response_action: 'update', view: exportLoadingModal() });
    const teamId = context.teamId ?? file.teamId ?? '';
    await loadExportFromSettings(services, client, teamId, file.userId, file.fileId, file.viewId);
  });
}
