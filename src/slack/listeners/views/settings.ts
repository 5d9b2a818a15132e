/** The settings modal's submission: validated by the service; field errors go back into the modal. */
import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../../services/context';
import { refreshHome, saveSettingsFromModal } from '../../../services/home';
import { CALLBACKS } from '../../../views/actionIds';
import type { ModalState } from '../../../views/settingsModal';

const submission = z.object({
  user: z.object({ id: z.string().min(1) }),
  team: z.object({ id: z.string() }).nullable().optional(),
  view: z.object({ state: z.object({ values: z.record(z.string(), z.record(z.string(), z.looseObject({}))) }) }),
});

export function register(app: App, services: Services): void {
  app.view(CALLBACKS.settingsModal, async ({ ack, body, context }) => {
    const parsed = submission.safeParse(body);
    if (!parsed.success) {
      await ack({ response_action: 'errors', errors: { 'departmentSource.kind': 'This form could not be read. Close it and open Settings again.' } });
      return;
    }
    const teamId = context.teamId ?? parsed.data.team?.id ?? '';
    const userId = parsed.data.user.id;
    try {
      const result = await saveSettingsFromModal(services, teamId, userId, parsed.data.view.state.values as ModalState);
      if (!result.saved) {
        await ack({ response_action: 'errors', errors: result.errors });
        return;
      }
      await ack();
    } catch (err) {
      services.logger.error({ err: (err as Error).message }, 'saving settings failed');
      await ack({ response_action: 'errors', errors: { 'departmentSource.kind': 'Settings could not be saved right now. Please try again.' } });
      return;
    }
    await refreshHome(services, teamId, userId, { mode: 'lead', notice: ':white_check_mark: Settings saved. They apply from the next scheduled job.' }).catch((err) =>
      services.logger.warn({ err: (err as Error).message }, 'home refresh after settings failed'),
    );
  });
}
