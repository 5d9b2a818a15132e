/**
 * A Slack export submitted from Settings: answered at once with "Loading the export…" (Slack wants
 * an answer within 3 seconds), then the service downloads and loads it, updating the modal and
 * telling the lead in a DM when it is done.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { loadExportFromSettings } from '../../../services/home/exportUpload';
import { CALLBACKS } from '../../../views/actionIds';
import { EXPORT_ACTION, EXPORT_BLOCK, exportLoadingModal, NO_EXPORT } from '../../../views/exportUpload';

const submission = z.object({
  user: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string() }).nullable().optional(),
  view: z.object({
    id: z.string().min(1),
    state: z.object({
      values: z.record(
        z.string(),
        z.record(z.string(), z.looseObject({ files: z.array(z.looseObject({ id: z.string().min(1) })).optional() })),
      ),
    }),
  }),
});

export function register(app: App, services: Services): void {
  app.view(CALLBACKS.exportUploadModal, async ({ ack, body, client, context }) => {
    const parsed = submission.safeParse(body);
    const fileId = parsed.success ? parsed.data.view.state.values[EXPORT_BLOCK]?.[EXPORT_ACTION]?.files?.[0]?.id : null;
    if (!parsed.success || !fileId) {
      await ack({ response_action: 'errors', errors: { [EXPORT_BLOCK]: NO_EXPORT } });
      return;
    }
    await ack({ response_action: 'update', view: exportLoadingModal() });
    const teamId = context.teamId ?? parsed.data.team?.id ?? '';
    await loadExportFromSettings(services, client, teamId, parsed.data.user.id, fileId, parsed.data.view.id);
  });
}
