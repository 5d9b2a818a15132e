/**
 * The departments file submitted from Settings: answered at once with "Checking the file…" (Slack
 * wants an answer within 3 seconds), then the service downloads, checks and applies it, and the
 * modal is updated with the result or the line-numbered problems.
 */
import type { App } from '@slack/bolt';
import { z } from 'zod';
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
  app.view(CALLBACKS.departmentsUploadModal, async ({ ack, body, client, context }) => {
    const parsed = submission.safeParse(body);
    const fileId = parsed.success ? parsed.data.view.state.values[UPLOAD_BLOCK]?.[UPLOAD_ACTION]?.files?.[0]?.id : null;
    if (!parsed.success || !fileId) {
      await ack({ response_action: 'errors', errors: { [UPLOAD_BLOCK]: NO_FILE } });
      return;
    }
    await ack({ response_action: 'update', view: departmentsCheckingModal() });
    const teamId = context.teamId ?? parsed.data.team?.id ?? '';
    const outcome = await applyUploadedDepartments(services, client, teamId, parsed.data.user.id, fileId).catch(
      (err) => {
        services.logger.error({ err: (err as Error).message }, 'departments upload failed');
        return { kind: 'unreadable' as const, fileName: 'the file' };
      },
    );
    await client.views
      .update({ view_id: parsed.data.view.id, view: departmentsUploadResult(outcome) })
      .catch((err) => services.logger.warn({ err: (err as Error).message }, 'departments upload: modal update failed'));
  });
}
